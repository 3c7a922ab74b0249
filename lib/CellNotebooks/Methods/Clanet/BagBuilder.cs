using CellNotebooks.Data.Clanet;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// Builds CLANet bags (methods.md §1.5): per (line, batch) and flask position, images in time order, each with its
/// top-P patches by confluency (images with fewer patches dropped), sequences shorter than the minimum dropped.
/// Labels follow the given class list; batch tokens number the (line, batch) pairs in sorted order.
/// </summary>
public static class BagBuilder
{
    /// <summary>Groups patch features into bags.</summary>
    public static List<SequenceBag> Build(IEnumerable<PatchFeature> patches, IReadOnlyList<string> classes, MilOptions options)
    {
        var classIndex = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var all = patches.ToList();
        int dim = all.Count == 0 ? options.InputDim : all[0].Feature.Length;
        var tokens = all.Select(p => (p.Line, p.Batch)).Distinct()
            .OrderBy(k => k.Line, StringComparer.Ordinal).ThenBy(k => k.Batch, NaturalOrder.Instance)
            .Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i);
        var bags = new List<SequenceBag>();
        foreach (var sequence in all.GroupBy(p => (p.Line, p.Batch, p.Position)).OrderBy(g => g.Key.Line, StringComparer.Ordinal)
                     .ThenBy(g => g.Key.Batch, NaturalOrder.Instance).ThenBy(g => g.Key.Position, NaturalOrder.Instance))
        {
            if (!classIndex.TryGetValue(sequence.Key.Line, out int label))
                throw new InvalidDataException($"Cell line '{sequence.Key.Line}' is not in the class list ({classes.Count} classes).");
            var frames = sequence.GroupBy(p => p.Image)
                .Select(img => (img.First().TimeHours, Top: img.OrderByDescending(p => p.Confluency).Take(options.PatchesPerImage).ToList()))
                .Where(f => f.Top.Count >= options.PatchesPerImage)
                .OrderBy(f => f.TimeHours).ToList();
            if (frames.Count < options.MinSequenceLength) continue;
            var features = new float[frames.Count * options.PatchesPerImage * dim];
            int at = 0;
            foreach (var frame in frames)
                foreach (var patch in frame.Top)
                {
                    if (patch.Feature.Length != dim)
                        throw new InvalidDataException($"Patch of {patch.Image}: feature length {patch.Feature.Length}, expected {dim}.");
                    Array.Copy(patch.Feature, 0, features, at, dim);
                    at += dim;
                }
            bags.Add(new SequenceBag(sequence.Key.Line, label, sequence.Key.Batch, tokens[(sequence.Key.Line, sequence.Key.Batch)],
                sequence.Key.Position, frames.Select(f => f.TimeHours).ToArray(), features, options.PatchesPerImage, dim));
        }
        return bags;
    }
}
