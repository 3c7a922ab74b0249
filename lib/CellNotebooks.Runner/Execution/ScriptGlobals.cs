namespace CellNotebooks.Runner.Execution;

/// <summary>
/// The globals object of every notebook script: its public members are in scope in every cell, like the
/// <c>display</c> of the .NET Interactive kernel.
/// </summary>
public sealed class ScriptGlobals
{
    private readonly CellOutputs outputs;

    internal ScriptGlobals(CellOutputs outputs) => this.outputs = outputs;

    /// <summary>Shows a value below the cell: charts and tables as HTML, strings and other values as text.</summary>
    public void display(object? value) => outputs.Display(value);
}
