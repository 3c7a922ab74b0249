using Onnx;

namespace CellNotebooks.Nn.Pretrained;

/// <summary>
/// Walks an ONNX ResNet graph from its input to its average pool and says which initializer is which torchvision
/// state-dict entry (see <see cref="OnnxResNet"/>). Every unexpected node is an error naming it.
/// </summary>
internal sealed class OnnxResNetWalk
{
    private readonly string path;
    private readonly Dictionary<string, List<NodeProto>> consumers = new(StringComparer.Ordinal);
    private readonly HashSet<string> initializers;
    private readonly List<(string Key, string Initializer, string Node)> weights = [];

    private OnnxResNetWalk(GraphProto graph, string path)
    {
        this.path = path;
        initializers = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var node in graph.Node)
            foreach (var input in node.Input.Distinct())
            {
                if (!consumers.TryGetValue(input, out var list)) consumers[input] = list = [];
                list.Add(node);
            }
    }

    /// <summary>Blocks per stage.</summary>
    public int[] Blocks { get; private set; } = [];

    /// <summary>Bottleneck (three convolutions per block) or basic blocks.</summary>
    public bool Bottleneck { get; private set; }

    /// <summary>Input channels of the stem.</summary>
    public int InChannels { get; private set; }

    /// <summary>Output channels of the stem.</summary>
    public int Width { get; private set; }

    /// <summary>State-dict key, initializer name and the node that uses it.</summary>
    public IReadOnlyList<(string Key, string Initializer, string Node)> Weights => weights;

    /// <summary>Walks <paramref name="graph"/> (read from <paramref name="path"/>, for messages).</summary>
    public static OnnxResNetWalk Run(GraphProto graph, string path)
    {
        var walk = new OnnxResNetWalk(graph, path);
        var inputs = graph.Input.Where(i => !walk.initializers.Contains(i.Name)).ToList();
        if (inputs.Count != 1)
            throw new InvalidDataException($"ONNX file '{path}': {inputs.Count} graph inputs besides initializers, a ResNet has one.");
        var (blocks, bottleneck, stem) = walk.Walk(inputs[0].Name);
        var stemWeight = graph.Initializer.First(t => t.Name == stem.Input[1]);
        walk.Blocks = blocks;
        walk.Bottleneck = bottleneck;
        walk.InChannels = checked((int)stemWeight.Dims[1]);
        walk.Width = checked((int)stemWeight.Dims[0]);
        return walk;
    }

    private (int[] Blocks, bool Bottleneck, NodeProto Stem) Walk(string input)
    {
        var stem = Only(input, "Conv", "the graph input");
        Conv(stem, "conv1", kernel: 7, stride: 2, pad: 3);
        var bn = Only(stem.Output[0], "BatchNormalization", stem.Name);
        BatchNorm(bn, "bn1");
        var relu = Only(bn.Output[0], "Relu", bn.Name);
        var pool = Only(relu.Output[0], "MaxPool", relu.Name);
        CheckWindow(pool, 3, 2, 1);
        string x = pool.Output[0];
        string xNode = pool.Name;
        var stages = new List<int>();
        int mainConvs = 0;
        while (true)
        {
            var next = Consumers(x);
            if (next.Count == 1 && next[0].OpType is "AveragePool" or "GlobalAveragePool")
            {
                if (stages.Count != 4) throw Bad(next[0], $"the average pool comes after {stages.Count} stages of blocks, a ResNet has 4");
                return (stages.ToArray(), mainConvs == 3, stem);
            }
            var shortcut = next.FirstOrDefault(n => n.OpType == "Conv" && Consumers(n.Output[0]) is [{ OpType: "BatchNormalization" } b] && Consumers(b.Output[0]) is [{ OpType: "Add" }]);
            var main = next.Where(n => n != shortcut && n.OpType == "Conv").ToList();
            bool identity = shortcut is null;
            if (main.Count != 1 || next.Count != 2)
                throw Bad(xNode, $"its output feeds {string.Join(", ", next.Select(n => $"{n.OpType} '{n.Name}'"))}, not one residual block (a main-branch Conv and a shortcut Conv or the Add)");
            if (!identity || stages.Count == 0) stages.Add(0);
            int stage = stages.Count, index = stages[^1]++;
            int stride = stage > 1 && index == 0 ? 2 : 1;
            string prefix = $"layer{stage}.{index}.";
            // Main branch: Conv → BN (→ Relu → Conv → BN)* → Add.
            var chain = new List<NodeProto>();
            var conv = main[0];
            NodeProto add;
            while (true)
            {
                chain.Add(conv);
                var norm = Only(conv.Output[0], "BatchNormalization", conv.Name);
                BatchNorm(norm, $"{prefix}bn{chain.Count}");
                var after = Consumers(norm.Output[0]);
                if (after is [{ OpType: "Add" } a]) { add = a; break; }
                var r = Only(norm.Output[0], "Relu", norm.Name);
                conv = Only(r.Output[0], "Conv", r.Name);
                if (chain.Count == 3) throw Bad(conv, "a fourth convolution in one residual block");
            }
            if (chain.Count < 2) throw Bad(chain[0], "a residual block with one convolution");
            if (mainConvs != 0 && chain.Count != mainConvs) throw Bad(chain[0], $"a block of {chain.Count} convolutions after blocks of {mainConvs}");
            mainConvs = chain.Count;
            bool bottleneck = chain.Count == 3;
            for (int i = 0; i < chain.Count; i++)
            {
                int k = bottleneck && i != 1 ? 1 : 3;
                int s = (bottleneck ? i == 1 : i == 0) ? stride : 1;
                Conv(chain[i], $"{prefix}conv{i + 1}", k, s, k / 2);
            }
            string other;
            if (shortcut is not null)
            {
                Conv(shortcut, $"{prefix}downsample.0", kernel: 1, stride: stride, pad: 0);
                var norm = Only(shortcut.Output[0], "BatchNormalization", shortcut.Name);
                BatchNorm(norm, $"{prefix}downsample.1");
                other = norm.Output[0];
            }
            else
            {
                if (stride != 1) throw Bad(chain[0], "a stage starts without a shortcut");
                other = x;
            }
            var lastNorm = Consumers(chain[^1].Output[0])[0];
            if (add.Input.Count != 2 || !add.Input.Contains(lastNorm.Output[0]) || !add.Input.Contains(other))
                throw Bad(add, "the Add does not join the block's main branch and its shortcut");
            var out_ = Only(add.Output[0], "Relu", add.Name);
            x = out_.Output[0];
            xNode = out_.Name;
        }
    }

    private void Conv(NodeProto conv, string key, int kernel, int stride, int pad)
    {
        if (conv.Input.Count != 2) throw Bad(conv, "a convolution with a bias (torchvision's ResNet convolutions have none)");
        if (!initializers.Contains(conv.Input[1])) throw Bad(conv, "a convolution whose weight is not an initializer");
        if (Ints(conv, "group", [1]) is not [1]) throw Bad(conv, "a grouped convolution");
        if (Ints(conv, "dilations", [1, 1]).Any(d => d != 1)) throw Bad(conv, "a dilated convolution");
        CheckWindow(conv, kernel, stride, pad);
        weights.Add(($"{key}.weight", conv.Input[1], conv.Name));
    }

    private void CheckWindow(NodeProto node, int kernel, int stride, int pad)
    {
        var k = Ints(node, "kernel_shape", []);
        var s = Ints(node, "strides", [1, 1]);
        var p = Ints(node, "pads", [0, 0, 0, 0]);
        string autoPad = node.Attribute.FirstOrDefault(a => a.Name == "auto_pad")?.S.ToStringUtf8() ?? "NOTSET";
        bool padsFit = p.Length == 4 && p[0] == pad && p[1] == pad && p[2] == p[3] && (p[2] == pad || (stride == 2 && p[2] == pad - 1));
        if (k is not [var kh, var kw] || kh != kernel || kw != kernel || s is not [var sh, var sw] || sh != stride || sw != stride
            || !padsFit || autoPad is not ("NOTSET" or ""))
            throw Bad(node, $"kernel [{string.Join(",", k)}], strides [{string.Join(",", s)}], pads [{string.Join(",", p)}], " +
                $"auto_pad {autoPad}; this place of a ResNet has kernel {kernel}, stride {stride}, padding {pad}");
    }

    private void BatchNorm(NodeProto bn, string key)
    {
        if (bn.Input.Count != 5 || bn.Input.Skip(1).Any(i => !initializers.Contains(i)))
            throw Bad(bn, "a BatchNormalization without its four initializers (scale, bias, mean, variance)");
        float eps = bn.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
        if (Math.Abs(eps - 1e-5f) > 1e-9f) throw Bad(bn, $"epsilon {eps}, PyTorch's BatchNorm2d uses 1e-5");
        string[] names = ["weight", "bias", "running_mean", "running_var"];
        for (int i = 0; i < 4; i++) weights.Add(($"{key}.{names[i]}", bn.Input[i + 1], bn.Name));
    }

    private NodeProto Only(string tensor, string opType, string after)
    {
        var next = Consumers(tensor);
        if (next is [var node] && node.OpType == opType) return node;
        throw new InvalidDataException($"ONNX file '{path}': after '{after}' a ResNet has one {opType}, the graph has " +
            (next.Count == 0 ? "nothing" : string.Join(", ", next.Select(n => $"{n.OpType} '{n.Name}'"))) + ".");
    }

    private List<NodeProto> Consumers(string tensor) => consumers.TryGetValue(tensor, out var list) ? list : [];

    private static long[] Ints(NodeProto node, string name, long[] fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? (a.Ints.Count > 0 ? a.Ints.ToArray() : [a.I]) : fallback;

    private InvalidDataException Bad(NodeProto node, string problem) => Bad(node.Name, problem);

    private InvalidDataException Bad(string node, string problem) =>
        new($"ONNX file '{path}', node '{node}': {problem}; the importer reads torchvision-style ResNets only.");
}
