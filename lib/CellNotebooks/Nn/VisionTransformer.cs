using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellNotebooks.Nn;

/// <summary>
/// DINO's Vision Transformer (<c>vision_transformer.py::VisionTransformer</c>, methods.md §1.3/§4.3) without a
/// classification head: patch embedding, CLS token, learned position embedding for the reference image size
/// (interpolated bicubically for any other input size, exactly as DINO's <c>interpolate_pos_encoding</c> with its
/// +0.1 scale-factor offset), pre-norm blocks with stochastic depth, final LayerNorm. <c>forward</c> returns the CLS
/// token after the final norm (B×D). Parameter names match DINO's state dict (<c>patch_embed.proj.weight</c>,
/// <c>blocks.0.attn.qkv.weight</c>, …). Weights: linear layers truncated normal (σ 0.02, bias 0), LayerNorm 1/0,
/// CLS and position embedding truncated normal (σ 0.02), as upstream.
/// </summary>
public sealed class VisionTransformer : nn.Module<Tensor, Tensor>
{
    private readonly PatchEmbed patch_embed;
    private readonly Parameter cls_token;
    private readonly Parameter pos_embed;
    private readonly ModuleList<VitBlock> blocks;
    private readonly LayerNorm norm;

    /// <summary>Builds the network for <paramref name="config"/>.</summary>
    public VisionTransformer(VitConfig config) : base(nameof(VisionTransformer))
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.ImageSize % config.PatchSize != 0)
            throw new ArgumentException($"Reference image size {config.ImageSize} is not a multiple of the patch size {config.PatchSize}.");
        Config = config;
        int d = config.EmbedDim, g = config.GridSize;
        patch_embed = new PatchEmbed(config.InChannels, d, config.PatchSize);
        cls_token = new Parameter(torch.zeros(1, 1, d));
        pos_embed = new Parameter(torch.zeros(1, g * g + 1, d));
        var rates = Schedules(config.DropPathRate, config.Depth);
        blocks = nn.ModuleList([.. Enumerable.Range(0, config.Depth).Select(i =>
            new VitBlock(d, config.Heads, config.MlpRatio, config.QkvBias, rates[i], config.LayerNormEps))]);
        norm = nn.LayerNorm(d, eps: config.LayerNormEps);
        RegisterComponents();
        InitWeights();
    }

    /// <summary>The architecture.</summary>
    public VitConfig Config { get; }

    /// <summary>Token width D.</summary>
    public int EmbedDim => Config.EmbedDim;

    /// <summary>CLS token after the final LayerNorm (B×D).</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var h = PrepareTokens(x);
        foreach (var blk in blocks) h = blk.forward(h);
        return norm.forward(h).select(1, 0).MoveToOuterDisposeScope(); // B×D
    }

    /// <summary>
    /// Concatenation of the CLS tokens (each after the final LayerNorm) of the last <paramref name="n"/> blocks:
    /// B×(n·D) — the CLANet patch feature (n = 4 → 1536-d for ViT-S, methods.md §1.4).
    /// </summary>
    public Tensor LastBlocksCls(Tensor x, int n)
    {
        using var scope = torch.NewDisposeScope();
        using var outputs = ForwardAll(x, n, withAttention: false);
        return outputs.LastBlocksCls.alias().MoveToOuterDisposeScope();
    }

    /// <summary>The last block's self-attention weights (B×H×T×T, T = 1 + patches), DINO's <c>get_last_selfattention</c>.</summary>
    public Tensor LastSelfAttention(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        using var outputs = ForwardAll(x, 1, withAttention: true);
        return outputs.LastAttention.alias().MoveToOuterDisposeScope();
    }

    /// <summary>One pass returning the CLS token, the last-<paramref name="n"/>-blocks CLS concatenation and (optionally) the last attention.</summary>
    public VitOutputs ForwardAll(Tensor x, int n = 4, bool withAttention = true)
    {
        if (n < 1 || n > Config.Depth) throw new ArgumentOutOfRangeException(nameof(n), n, $"n must be in 1..{Config.Depth}.");
        using var scope = torch.NewDisposeScope();
        var h = PrepareTokens(x);
        var cls = new List<Tensor>();
        Tensor? attention = null;
        for (int i = 0; i < blocks.Count; i++)
        {
            bool last = i == blocks.Count - 1;
            var (o, a) = blocks[i].Forward(h, withAttention && last);
            h = o;
            if (last) attention = a;
            if (i >= blocks.Count - n) cls.Add(norm.forward(h).select(1, 0)); // B×D
        }
        var final = cls[^1];
        var cat = torch.cat(cls, 1);                                          // B×(n·D)
        attention ??= torch.empty(0);
        return new VitOutputs(final.MoveToOuterDisposeScope(), cat.MoveToOuterDisposeScope(), attention.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// DINO's <c>interpolate_pos_encoding</c>: the stored g×g grid resized bicubically (align_corners false) with
    /// scale factors <c>(H/p + 0.1)/g</c> and <c>(W/p + 0.1)/g</c>; unchanged when the token count and sides match.
    /// </summary>
    public Tensor InterpolatePosEncoding(long tokens, long height, long width)
    {
        using var scope = torch.NewDisposeScope();
        long nPatch = tokens - 1, n = pos_embed.shape[1] - 1;
        if (nPatch == n && height == width) return pos_embed.alias().MoveToOuterDisposeScope();
        int g = Config.GridSize, d = EmbedDim, p = Config.PatchSize;
        var clsPos = pos_embed.narrow(1, 0, 1);                                            // 1×1×D
        var grid = pos_embed.narrow(1, 1, n).reshape(1, g, g, d).permute(0, 3, 1, 2);      // 1×D×g×g
        double h0 = height / p + 0.1, w0 = width / p + 0.1;
        var resized = nn.functional.interpolate(grid, scale_factor: [h0 / g, w0 / g],
            mode: InterpolationMode.Bicubic, align_corners: false);                        // 1×D×H/p×W/p
        if (resized.shape[2] != height / p || resized.shape[3] != width / p)
            throw new InvalidOperationException($"Position-embedding interpolation gave {resized.shape[2]}×{resized.shape[3]}, expected {height / p}×{width / p}.");
        var flat = resized.permute(0, 2, 3, 1).reshape(1, -1, d);                          // 1×N×D
        return torch.cat([clsPos, flat], 1).MoveToOuterDisposeScope();                      // 1×(N+1)×D
    }

    private Tensor PrepareTokens(Tensor x)
    {
        if (x.dim() != 4 || x.shape[1] != Config.InChannels)
            throw new ArgumentException($"Expected a B×{Config.InChannels}×H×W batch, got [{string.Join("×", x.shape)}].");
        if (x.shape[2] < Config.PatchSize || x.shape[3] < Config.PatchSize)
            throw new ArgumentException($"Images of {x.shape[2]}×{x.shape[3]} px are smaller than one {Config.PatchSize}-px patch.");
        long b = x.shape[0];
        if (Config.StandardiseEachImage)
            x = (x - x.mean([1, 2, 3], keepdim: true)) / (x.std([1, 2, 3], keepdim: true) + 1e-6);
        if (Config.InputMean != 0 || Config.InputStd != 1) x = (x - Config.InputMean) / Config.InputStd;
        var tokens = patch_embed.forward(x);                                       // B×N×D
        var cls = cls_token.expand(b, -1, -1);                                     // B×1×D
        var h = torch.cat([cls, tokens], 1);                                       // B×(N+1)×D
        return h + InterpolatePosEncoding(h.shape[1], x.shape[2], x.shape[3]);
    }

    private void InitWeights()
    {
        using var _ = torch.no_grad();
        TruncatedNormal.Fill(pos_embed, std: 0.02);
        TruncatedNormal.Fill(cls_token, std: 0.02);
        foreach (var m in modules())
        {
            if (m is Linear lin)
            {
                TruncatedNormal.Fill(lin.weight!, std: 0.02);
                if (lin.bias is not null) nn.init.zeros_(lin.bias);
            }
            else if (m is LayerNorm ln)
            {
                nn.init.ones_(ln.weight!);
                nn.init.zeros_(ln.bias!);
            }
        }
    }

    /// <summary>DINO's stochastic-depth rates: <c>torch.linspace(0, rate, depth)</c>.</summary>
    private static double[] Schedules(double rate, int depth) =>
        depth == 1 ? [0] : [.. Enumerable.Range(0, depth).Select(i => rate * i / (depth - 1))];
}
