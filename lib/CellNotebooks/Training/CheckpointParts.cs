using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellNotebooks.Training;

/// <summary>
/// The binary parts of a checkpoint, by name: modules (their state dict via TorchSharp <c>Module.save</c>),
/// optimizers (TorchSharp <c>save_state_dict</c>: per-group options, Adam moments and step counts) and loose tensors
/// (e.g. DINO's centre). The same object is passed to <see cref="Checkpoint.Save"/> and <see cref="Checkpoint.Load"/>;
/// loading writes into the registered modules/optimizers/tensors in place.
/// </summary>
public sealed class CheckpointParts
{
    /// <summary>Modules by name (e.g. "student", "teacher").</summary>
    public Dictionary<string, nn.Module> Modules { get; } = new(StringComparer.Ordinal);

    /// <summary>Optimizers by name (managed TorchSharp optimizers: Adam, AdamW, SGD, …).</summary>
    public Dictionary<string, OptimizerHelper> Optimizers { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// <see cref="FlatAdam"/> optimizers by name. They write the same bytes as the TorchSharp Adam/AdamW they replace,
    /// so a part saved from either loads into either.
    /// </summary>
    public Dictionary<string, FlatAdam> FlatOptimizers { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Loose tensors by name. On load, a registered tensor of the same shape is overwritten in place; a name not
    /// registered is added with the loaded tensor (the caller then owns it).
    /// </summary>
    public Dictionary<string, Tensor> Tensors { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds a module (fluent).</summary>
    public CheckpointParts Module(string name, nn.Module module) { Modules[name] = module; return this; }

    /// <summary>Adds an optimizer (fluent).</summary>
    public CheckpointParts Optimizer(string name, OptimizerHelper optimizer) { FlatOptimizers.Remove(name); Optimizers[name] = optimizer; return this; }

    /// <summary>Adds a flat-buffer optimizer (fluent).</summary>
    public CheckpointParts Optimizer(string name, FlatAdam optimizer) { Optimizers.Remove(name); FlatOptimizers[name] = optimizer; return this; }

    /// <summary>Adds a loose tensor (fluent).</summary>
    public CheckpointParts Tensor(string name, Tensor tensor) { Tensors[name] = tensor; return this; }
}
