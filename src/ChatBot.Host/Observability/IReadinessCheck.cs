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
