using System.Reflection;
using ChatBot.Core.Storage;

namespace ChatBot.Core.Tests.Fakes;

/// <summary>
/// A delivery log that passes everything to a real one, except that once the given condition holds,
/// renewing a claim is refused: as the store answers a worker that was paused past its claim while
/// another worker took the run over.
/// </summary>
public class TakenOverDeliveryLog : DispatchProxy
{
    private IDeliveryLog _inner = null!;
    private Func<bool> _takenOver = () => false;

    /// <summary>Every call that went to the real log, by method name.</summary>
    public List<string> Calls { get; } = [];

    public static (IDeliveryLog Log, TakenOverDeliveryLog Proxy) Over(IDeliveryLog inner, Func<bool> takenOver)
    {
        var log = Create<IDeliveryLog, TakenOverDeliveryLog>();
        var proxy = (TakenOverDeliveryLog)(object)log;
        proxy._inner = inner;
        proxy._takenOver = takenOver;
        return (log, proxy);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod!.Name == nameof(IDeliveryLog.RenewLeaseAsync) && _takenOver())
        {
            return Task.FromResult(false);
        }
        lock (Calls)
        {
            Calls.Add(targetMethod.Name);
        }
        return targetMethod.Invoke(_inner, args);
    }
}
