using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.Dino;

/// <summary>
/// DINO's loss (<c>DINOLoss</c>, methods.md §1.3): with teacher probabilities
/// <c>P_t = softmax((z_t − c)/τ_t)</c> of the global crops and student log-probabilities
/// <c>log softmax(z_s/τ_s)</c> of all crops,
/// <c>L = (1/n_pairs) Σ_t Σ_{s≠t} mean_batch Σ_k −P_t^k log P_s^k</c> (pairs of identical views skipped).
/// After each loss the centre is updated by EMA from the teacher outputs: <c>c ← m·c + (1−m)·mean(z_t)</c>
/// (single process: DINO's all-reduce over GPUs becomes the plain batch mean). The teacher temperature is passed per
/// call (its warm-up schedule lives in the trainer). The centre is a registered buffer named <c>center</c>.
/// </summary>
public sealed class DinoLoss : nn.Module
{
    /// <summary>Creates the loss for <paramref name="outDim"/> prototypes.</summary>
    /// <param name="outDim">Head output width K.</param>
    /// <param name="studentTemp">τ_s (upstream 0.1).</param>
    /// <param name="centerMomentum">m (upstream 0.9).</param>
    /// <param name="globalCrops">Crops seen by the teacher (upstream 2).</param>
    public DinoLoss(int outDim, double studentTemp = 0.1, double centerMomentum = 0.9, int globalCrops = 2) : base(nameof(DinoLoss))
    {
        StudentTemp = studentTemp;
        CenterMomentum = centerMomentum;
        GlobalCrops = globalCrops;
        register_buffer("center", torch.zeros(1, outDim));
    }

    /// <summary>Student temperature τ_s.</summary>
    public double StudentTemp { get; }

    /// <summary>Centre EMA momentum m.</summary>
    public double CenterMomentum { get; }

    /// <summary>Number of global (teacher) crops.</summary>
    public int GlobalCrops { get; }

    /// <summary>The current centre (1×K).</summary>
    public Tensor Center => get_buffer("center") ?? throw new InvalidOperationException("DinoLoss lost its centre buffer.");

    /// <summary>
    /// The loss for crop-major outputs: <paramref name="studentOutput"/> ((crops·B)×K), <paramref name="teacherOutput"/>
    /// ((globalCrops·B)×K). Updates the centre afterwards unless <paramref name="updateCenter"/> is false.
    /// </summary>
    public Tensor Forward(Tensor studentOutput, Tensor teacherOutput, int crops, double teacherTemp, bool updateCenter = true)
    {
        if (studentOutput.shape[0] % crops != 0 || teacherOutput.shape[0] % GlobalCrops != 0)
            throw new ArgumentException($"Outputs of {studentOutput.shape[0]} (student) and {teacherOutput.shape[0]} (teacher) rows do not split into {crops} and {GlobalCrops} crops.");
        using var scope = torch.NewDisposeScope();
        var student = (studentOutput / StudentTemp).chunk(crops);                                          // crops × (B×K)
        var teacher = ((teacherOutput - Center) / teacherTemp).softmax(-1).detach().chunk(GlobalCrops);    // 2 × (B×K)
        Tensor? total = null;
        int terms = 0;
        for (int iq = 0; iq < teacher.Length; iq++)
            for (int v = 0; v < student.Length; v++)
            {
                if (v == iq) continue;
                var term = (-teacher[iq] * student[v].log_softmax(-1)).sum(-1).mean();
                total = total is null ? term : total + term;
                terms++;
            }
        if (total is null) throw new ArgumentException("DINO loss needs at least one pair of different views.");
        var loss = total / terms;
        if (updateCenter) UpdateCenter(teacherOutput);
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// DINO's collapse diagnostics for the same outputs and pairs as <see cref="Forward"/> (call it first: it reads the
    /// current centre): the mean entropy of the teacher distributions <c>P_t</c> and the mean
    /// <c>KL(P_t ‖ P_s)</c> over the (teacher, student) pairs, so that entropy + KL = the loss
    /// (<see cref="Metrics.CollapseDiagnostics"/> has the array definitions).
    /// </summary>
    public (double TeacherEntropy, double Kl) Diagnostics(Tensor studentOutput, Tensor teacherOutput, int crops, double teacherTemp)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var logTeacher = ((teacherOutput.detach() - Center) / teacherTemp).log_softmax(-1); // (2·B)×K
        var teacherP = logTeacher.exp();
        double entropy = (-(teacherP * logTeacher).sum(-1)).mean().item<float>();
        var teacherChunks = teacherP.chunk(GlobalCrops);
        var logTeacherChunks = logTeacher.chunk(GlobalCrops);
        var student = (studentOutput.detach() / StudentTemp).log_softmax(-1).chunk(crops);
        double kl = 0;
        int terms = 0;
        for (int iq = 0; iq < teacherChunks.Length; iq++)
            for (int v = 0; v < student.Length; v++)
            {
                if (v == iq) continue;
                kl += (teacherChunks[iq] * (logTeacherChunks[iq] - student[v])).sum(-1).mean().item<float>();
                terms++;
            }
        return (entropy, terms == 0 ? double.NaN : kl / terms);
    }

    /// <summary>Centre EMA from a batch of teacher outputs: <c>c ← m·c + (1−m)·mean_rows(z_t)</c>.</summary>
    public void UpdateCenter(Tensor teacherOutput)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var batchCenter = teacherOutput.detach().sum(0, keepdim: true) / teacherOutput.shape[0]; // 1×K
        Center.mul_(CenterMomentum).add_(batchCenter, alpha: 1 - CenterMomentum);
    }
}
