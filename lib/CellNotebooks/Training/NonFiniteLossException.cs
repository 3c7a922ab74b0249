namespace CellNotebooks.Training;

/// <summary>
/// Thrown by a trainer when a loss becomes NaN or infinite (upstream trainers print "Loss is nan, stopping training"
/// and exit). The message names the method, the step and what to try.
/// </summary>
public sealed class NonFiniteLossException : Exception
{
    /// <summary>Creates the exception for a loss value at a step.</summary>
    public NonFiniteLossException(string method, long step, int epoch, double loss)
        : base($"{method}: the loss is {loss} at step {step} (epoch {epoch}); training stopped. Try a lower learning rate, " +
               "gradient clipping, or check the input batch for NaN/Inf values.")
    {
        Step = step;
        Epoch = epoch;
        Loss = loss;
    }

    /// <summary>Creates the exception with a message.</summary>
    public NonFiniteLossException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public NonFiniteLossException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception with the default message.</summary>
    public NonFiniteLossException() : base("The loss is not finite; training stopped.") { }

    /// <summary>The global step at which the loss was not finite.</summary>
    public long Step { get; }

    /// <summary>The epoch of that step.</summary>
    public int Epoch { get; }

    /// <summary>The loss value (NaN or ±∞).</summary>
    public double Loss { get; }
}
