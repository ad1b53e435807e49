namespace ChatBot.Host.Observability;

/// <summary>
/// One condition <c>/readyz</c> requires. Register more with
/// <c>services.AddSingleton&lt;IReadinessCheck, MyCheck&gt;()</c>; the worker is ready only when all pass.
/// </summary>
public interface IReadinessCheck
{
    string Name { get; }

    Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken);
}

/// <param name="Reason">Why the check is not ready (or a short status when it is), in plain words.</param>
public sealed record ReadinessResult(bool Ready, string Reason)
{
    public static ReadinessResult Pass(string reason) => new(true, reason);

    public static ReadinessResult Fail(string reason) => new(false, reason);
}
