namespace CellNotebooks.Data.Manifests;

/// <summary>Progress of a fetch: the file being transferred and how far it is.</summary>
/// <param name="Resource">Relative path of the file.</param>
/// <param name="FileIndex">0-based index of the file among those being transferred.</param>
/// <param name="FileCount">How many files are being transferred.</param>
/// <param name="BytesDone">Bytes of this file transferred so far.</param>
/// <param name="BytesTotal">Size of this file when known.</param>
public sealed record DownloadProgress(string Resource, int FileIndex, int FileCount, long BytesDone, long? BytesTotal);
