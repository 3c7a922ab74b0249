using System.CommandLine;
using CellNotebooks.Runner.Commands;

namespace CellNotebooks.Runner;

/// <summary>Builds the cellnb command tree from every <see cref="ICellnbCommand"/> in this assembly.</summary>
public static class CommandLine
{
    /// <summary>The root command with every verb attached, in name order.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("cellnb — run the CellNotebooks workbook headless, manage data sets, score predictions, benchmark.");
        var verbs = typeof(CommandLine).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICellnbCommand).IsAssignableFrom(t))
            .Select(t => ((ICellnbCommand)Activator.CreateInstance(t)!).Create())
            .OrderBy(c => c.Name, StringComparer.Ordinal);
        foreach (var verb in verbs) root.Subcommands.Add(verb);
        return root;
    }
}
