namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// One row of a CLANet patch table: a selected window of an image with the image's metadata. Replaces upstream's
/// pickled <c>patches.npy</c> dictionary <c>{image_name: [{'rect', 'confluency', 'label'}…]}</c>.
/// </summary>
/// <param name="Path">Image path relative to the data-set root (<c>Cell_lines/&lt;line&gt;/batch_&lt;n&gt;/&lt;file&gt;</c>).</param>
/// <param name="Image">Image file name.</param>
/// <param name="Line">Cell line.</param>
/// <param name="Batch">Batch number.</param>
/// <param name="Position">Sequence key: flask position (HS-5 batch 2: the third name token).</param>
/// <param name="TimeH">Time point in whole hours (<c>24·DD + HH + ceil(MM/60)</c>).</param>
/// <param name="X">Window left column in the full image.</param>
/// <param name="Y">Window top row in the full image.</param>
/// <param name="W">Window width.</param>
/// <param name="H">Window height.</param>
/// <param name="Confluency">Foreground fraction of the mask inside the window.</param>
/// <param name="Label">Connected-component label the window came from.</param>
/// <param name="IsTile">True for a tile of a large component.</param>
/// <param name="Rank">0-based rank within the image (0 = highest confluency).</param>
public sealed record PatchRecord(string Path, string Image, string Line, int Batch, string Position, int TimeH, int X, int Y, int W, int H, double Confluency, int Label, bool IsTile, int Rank);
