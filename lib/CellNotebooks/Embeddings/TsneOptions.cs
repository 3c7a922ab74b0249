using CellNotebooks.Notebooks;

namespace CellNotebooks.Embeddings;

/// <summary>
/// Settings of exact t-SNE (van der Maaten &amp; Hinton 2008). Defaults are scikit-learn's <c>TSNE</c> (1.2+):
/// perplexity 30 (the effective number of neighbours each point's Gaussian covers; must be below n − 1, 5–50 is
/// typical), early exaggeration 12 for the first 250 iterations with momentum 0.5, then momentum 0.8, 1000 iterations
/// in all, learning rate "auto" = max(n / 12 / 4, 50), PCA initialisation scaled to standard deviation 1e-4,
/// delta-bar-delta gains with minimum 0.01.
/// </summary>
/// <param name="Perplexity">Target perplexity of each conditional distribution P(j|i).</param>
/// <param name="EarlyExaggeration">Factor on P during the first <paramref name="ExaggerationIterations"/>.</param>
/// <param name="ExaggerationIterations">Iterations with exaggeration and momentum 0.5 (sklearn: 250).</param>
/// <param name="Iterations">Total iterations (sklearn <c>max_iter</c> 1000).</param>
/// <param name="LearningRate">Step size; null = "auto".</param>
/// <param name="PcaInit">Initialise from PCA (deterministic); false = Gaussian noise with std 1e-4 from <paramref name="Seed"/>.</param>
/// <param name="Seed">Seed for the random initialisation.</param>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record TsneOptions(
    double Perplexity = 30,
    double EarlyExaggeration = 12,
    int ExaggerationIterations = 250,
    int Iterations = 1000,
    double? LearningRate = null,
    bool PcaInit = true,
    int Seed = 0) : IHtmlFormattable
{
    /// <summary>The options as a (property, value) table (<see cref="ResultTable.FromProperties"/>), how notebooks show them.</summary>
    public string ToHtml() => ResultTable.FromProperties(this).ToHtml();

    /// <summary>Smoke runs use fewer iterations (seconds); demo and paper use the scikit-learn defaults.</summary>
    public static TsneOptions For(Preset preset) => preset == Preset.Smoke
        ? new TsneOptions(Perplexity: 10, ExaggerationIterations: 100, Iterations: 250)
        : new TsneOptions();
}
