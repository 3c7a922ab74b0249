using System.CommandLine;
using CellNotebooks.Data.Manifests;
using Spectre.Console;

namespace CellNotebooks.Runner.Commands;

/// <summary>
/// <c>cellnb data list</c>, <c>cellnb data verify [NAME]</c>, <c>cellnb data fetch NAME [--from DIR]</c>: the data
/// sets described in <c>data-manifests/</c> and their local cache (<c>CELLNB_DATA</c>, default
/// <c>~/.cache/cellnotebooks/data</c>; <c>--cache DIR</c> overrides both).
/// </summary>
public sealed class DataCommand : ICellnbCommand
{
    /// <inheritdoc/>
    public Command Create()
    {
        var cache = new Option<DirectoryInfo?>("--cache")
        {
            Description = $"Cache root (default: ${DataCache.EnvironmentVariable} or ~/.cache/cellnotebooks/data).",
            Recursive = true,
        };
        var command = new Command("data", "List, verify and fetch the data sets described by data-manifests/.") { cache };

        var list = new Command("list", "List the known data sets and whether they are in the cache.");
        list.SetAction(parse => List(Resolver(parse.GetValue(cache))));

        var verifyName = new Argument<string?>("name") { Description = "Data set to verify (default: every data set in the cache).", Arity = ArgumentArity.ZeroOrOne };
        var verify = new Command("verify", "Check sizes and SHA-256 checksums of cached files against their manifests.") { verifyName };
        verify.SetAction(parse => Verify(Resolver(parse.GetValue(cache)), parse.GetValue(verifyName)));

        var fetchName = new Argument<string>("name") { Description = "Data set to fetch." };
        var from = new Option<DirectoryInfo?>("--from") { Description = "Copy from this local folder (laid out like the upstream source) instead of downloading." };
        var fetch = new Command("fetch", "Put a data set into the cache: copy it --from a folder, or download missing files.") { fetchName, from };
        fetch.SetAction(parse => Fetch(Resolver(parse.GetValue(cache)), parse.GetValue(fetchName)!, parse.GetValue(from)));

        command.Subcommands.Add(list);
        command.Subcommands.Add(verify);
        command.Subcommands.Add(fetch);
        return command;
    }

    private static DataResolver Resolver(DirectoryInfo? cache) =>
        new(cache is null ? DataCache.Default() : new DataCache(cache.FullName));

    private static int List(DataResolver resolver)
    {
        var catalog = ManifestCatalog.Default();
        AnsiConsole.MarkupLine($"[bold]Manifests:[/] {Markup.Escape(catalog.Origin)}   [bold]Cache:[/] {Markup.Escape(resolver.Cache.Root)}");
        var table = new Table().AddColumns("name", "files", "size", "cache", "license");
        foreach (var m in catalog.Manifests)
        {
            var report = resolver.Verify(m, hashes: false);
            var state = !report.IsFetched ? "not fetched" : report.IsValid ? (report.IsComplete ? "present" : "partial") : "invalid";
            var size = m.IsFullyCheckable ? $"{m.KnownBytes / 1e6:F1} MB" : "unknown";
            table.AddRow(Markup.Escape(m.Name), m.Resources.Count.ToString(), size, state,
                Markup.Escape(string.Join(", ", m.Licenses.Select(l => l.Name))));
        }
        AnsiConsole.Write(table);
        return 0;
    }

    private static int Verify(DataResolver resolver, string? name)
    {
        var catalog = ManifestCatalog.Default();
        DataManifest[] manifests;
        try { manifests = name is null ? [.. catalog.Manifests] : [catalog.Get(name)]; }
        catch (ArgumentException e) { return Error(e.Message); }
        var failed = false;
        foreach (var m in manifests)
        {
            var report = resolver.Verify(m);
            if (!report.IsFetched && name is null)
            {
                AnsiConsole.MarkupLine($"[grey]{Markup.Escape(m.Name)}: not fetched[/]");
                continue;
            }
            if (!report.IsFetched)
            {
                failed = true;
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(m.Name)}: not fetched[/] (no folder {Markup.Escape(report.Folder)}); run `cellnb data fetch {Markup.Escape(m.Name)}`.");
                continue;
            }
            var ok = report.IsValid;
            failed |= !ok;
            var colour = ok ? "green" : "red";
            AnsiConsole.MarkupLine($"[{colour}]{Markup.Escape(m.Name)}: {(ok ? "valid" : "INVALID")}[/] ({Markup.Escape(report.Summary)}) in {Markup.Escape(report.Folder)}");
            var failures = report.Failures;
            foreach (var check in failures.Take(20))
                AnsiConsole.MarkupLine($"  [red]{Markup.Escape(check.Message)}[/]");
            if (failures.Count > 20) AnsiConsole.MarkupLine($"  [red]… and {failures.Count - 20} more[/]");
        }
        return failed ? 1 : 0;
    }

    private static int Fetch(DataResolver resolver, string name, DirectoryInfo? from)
    {
        DataManifest manifest;
        try { manifest = ManifestCatalog.Default().Get(name); }
        catch (ArgumentException e) { return Error(e.Message); }
        var progress = new SynchronousProgress<DownloadProgress>(p =>
        {
            if (p.BytesDone == 0)
                AnsiConsole.MarkupLine($"  [[{p.FileIndex + 1}/{p.FileCount}]] {Markup.Escape(p.Resource)}" +
                    $"{(p.BytesTotal is { } t ? $" ({t / 1e6:F2} MB)" : "")}");
        });
        try
        {
            if (from is not null)
            {
                var report = resolver.FetchFrom(manifest, from.FullName, progress);
                AnsiConsole.MarkupLine($"[green]{Markup.Escape(name)}[/]: copied from {Markup.Escape(from.FullName)} to {Markup.Escape(report.Folder)} ({Markup.Escape(report.Summary)})");
            }
            else
            {
                var folder = resolver.Ensure(manifest, progress);
                AnsiConsole.MarkupLine($"[green]{Markup.Escape(name)}[/]: in {Markup.Escape(folder)} ({Markup.Escape(resolver.Verify(manifest).Summary)})");
            }
            return 0;
        }
        catch (IOException e) { return Error(e.Message); }
    }

    private static int Error(string message)
    {
        AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        return 1;
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; posts to the thread pool and may print late).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
