namespace CellNotebooks.Runner;

/// <summary>Entry point of the cellnb command-line tool.</summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    public static int Main(string[] args) => CommandLine.Build().Parse(args).Invoke();
}
