using System.Globalization;
using System.Runtime.InteropServices;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Nn.Pretrained;

/// <summary>
/// Imports the weights of a ResNet exported to ONNX into the workbook's <see cref="ResNet"/> (torchvision names). ONNX
/// initializers carry no layer names (the CNTK export ML.NET ships calls the stem <c>Parameter91</c>), so the graph is
/// walked from its input: stem Conv → BatchNormalization → Relu → MaxPool, then one residual block after another (the
/// main branch's Conv → BatchNormalization [→ Relu → …] chain up to the Add, the Add's other input either the block input
/// or a 1×1 Conv → BatchNormalization shortcut), until the average pool. A block with a shortcut starts the next stage
/// (<c>layer1..4</c>), so the block counts come from the graph: the CNTK "ResNet18" in
/// <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> 0.24.0 turns out to have [2, 2, 2, 3] basic blocks (22 convolutions,
/// not torchvision's 20). Every kernel size, stride, padding, BN epsilon (1e-5, PyTorch's) and initializer shape is
/// checked; anything else (another topology, a bias on a convolution, a different padding) is an
/// <see cref="InvalidDataException"/> naming the file and the node. The ONNX file is read with OnnxSharp.
/// CNTK pads asymmetrically (<c>[3,3,2,2]</c> on the stem, <c>[1,1,0,0]</c> on stride-2 3×3 convolutions and the
/// max-pool: one less at the end); for even input sizes, as every size here, that gives the same numbers as PyTorch's
/// symmetric padding, which the end padding never reaches. The fixed 7×7 average pool equals the adaptive global pool
/// at 224 px.
/// </summary>
public static class OnnxResNet
{
    /// <summary>Builds a headless <see cref="ResNet"/> with the graph's layout and copies the weights in (on the CPU).</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a readable ONNX model, or not a ResNet; the message names the node.</exception>
    public static ResNet Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Load(ReadModel(path), path);
    }

    /// <summary>Parses an ONNX file with OnnxSharp.</summary>
    internal static ModelProto ReadModel(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"ONNX file '{path}' does not exist.", path);
        try
        {
            return ModelProto.Parser.ParseFromFile(path);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"'{path}' is not a readable ONNX model: {e.Message}", e);
        }
    }

    /// <summary><see cref="Load(string)"/> of a parsed model; <paramref name="path"/> names it in messages.</summary>
    internal static ResNet Load(ModelProto onnx, string path)
    {
        var layout = OnnxResNetWalk.Run(onnx.Graph, path);
        var initializers = onnx.Graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var model = new ResNet(layout.Blocks, layout.Bottleneck, numClasses: 0, layout.InChannels, layout.Width);
        try
        {
            var target = model.state_dict();
            var problems = new List<string>();
            foreach (var (key, name, node) in layout.Weights)
            {
                var dims = initializers[name].Dims.ToArray();
                if (!target.TryGetValue(key, out var into)) problems.Add($"node '{node}': '{key}' is not in the model");
                else if (!into.shape.SequenceEqual(dims))
                    problems.Add($"node '{node}': initializer '{name}' has shape [{string.Join(", ", dims)}], '{key}' [{string.Join(", ", into.shape)}]");
            }
            foreach (var key in target.Keys.Where(k => !k.EndsWith("num_batches_tracked", StringComparison.Ordinal)))
                if (!layout.Weights.Any(w => w.Key == key)) problems.Add($"'{key}' has no initializer in the graph");
            if (problems.Count > 0)
                throw new InvalidDataException($"ONNX file '{path}' does not fit {model.GetName()}: " + string.Join("; ", problems.Take(8)) + ".");
            using var noGrad = torch.no_grad();
            foreach (var (key, name, node) in layout.Weights)
            {
                using var tensor = torch.tensor(Floats(initializers[name], path, node), target[key].shape);
                target[key].copy_(tensor);
            }
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The float data of an initializer (float_data or raw_data), checked against its shape.</summary>
    internal static float[] Floats(TensorProto tensor, string path, string node)
    {
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
            throw new InvalidDataException($"ONNX file '{path}', node '{node}': initializer '{tensor.Name}' has data type {tensor.DataType}, not float.");
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
            throw new InvalidDataException($"ONNX file '{path}', node '{node}': initializer '{tensor.Name}' keeps its data in an external file.");
        long count = tensor.Dims.Aggregate(1L, (a, b) => a * b);
        var data = tensor.FloatData.Count > 0 ? tensor.FloatData.ToArray() : MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
        if (data.Length != count)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"ONNX file '{path}', node '{node}': initializer '{tensor.Name}' holds {data.Length} values for shape [{string.Join(", ", tensor.Dims)}]."));
        return data;
    }
}
