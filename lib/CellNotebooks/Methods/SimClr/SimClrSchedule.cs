namespace CellNotebooks.Methods.SimClr;

/// <summary>
/// Learning rate per optimiser step: cosine annealing from the peak to 0 over all steps after an optional linear
/// warm-up. ⚠ Upstream steps <c>CosineAnnealingLR(T_max = len(train_loader))</c> once per epoch from epoch 10, so its
/// period is "number of batches" epochs; here the cosine spans the whole run, per step.
/// A local pure function until <c>Training.Schedules</c> lands on main (then this becomes a call to it).
/// </summary>
public static class SimClrSchedule
{
    /// <summary><c>lr_t = peak·t/warmup</c> during warm-up, then <c>final + (peak − final)(1 + cos(π·s))/2</c> with s in [0, 1].</summary>
    public static double[] Cosine(double peak, int totalSteps, int warmupSteps = 0, double final = 0)
    {
        if (totalSteps < 1) throw new ArgumentException("totalSteps must be ≥ 1.", nameof(totalSteps));
        var lr = new double[totalSteps];
        int decay = Math.Max(1, totalSteps - warmupSteps);
        for (int t = 0; t < totalSteps; t++)
        {
            if (t < warmupSteps) { lr[t] = peak * (t + 1) / warmupSteps; continue; }
            double s = decay == 1 ? 0 : (double)(t - warmupSteps) / (decay - 1);
            lr[t] = final + (peak - final) * 0.5 * (1 + Math.Cos(Math.PI * s));
        }
        return lr;
    }
}
