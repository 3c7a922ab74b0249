namespace CellNotebooks.Imaging;

/// <summary>
/// An image file could not be read or written as asked. The message names the file and the problem; <see cref="Problem"/>
/// says which kind it was so callers (and tests) can react without parsing text. It derives from <see cref="IOException"/> because
/// <see cref="InvalidDataException"/> is sealed; catch <see cref="IOException"/> to handle both file and format errors.
/// </summary>
public sealed class ImageFormatException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/> with a human-readable <paramref name="detail"/>.</summary>
    public ImageFormatException(string path, ImageProblem problem, string detail, Exception? inner = null)
        : base($"Image '{path}': {detail}", inner)
    {
        FilePath = path;
        Problem = problem;
    }

    /// <summary>The file the problem is about (as given by the caller).</summary>
    public string FilePath { get; }

    /// <summary>The kind of problem.</summary>
    public ImageProblem Problem { get; }
}
