namespace ChatBot.Host.Observability;

/// <param name="Reason">Why the check is not ready (or a short status when it is), in plain words.</param>
public sealed record ReadinessResult(bool Ready, string Reason)
{
    public static ReadinessResult Pass(string reason) => new(true, reason);

    public static ReadinessResult Fail(string reason) => new(false, reason);
}
