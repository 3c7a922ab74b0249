using System.CommandLine;

namespace CellNotebooks.Runner.Commands;

/// <summary>
/// A verb of cellnb (run, data, eval, bench). Implementations are discovered by reflection, so a new verb is one
/// new file and no edit to a shared list.
/// </summary>
public interface ICellnbCommand
{
    /// <summary>Builds the System.CommandLine command for this verb.</summary>
    Command Create();
}
