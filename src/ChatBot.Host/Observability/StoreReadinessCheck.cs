using ChatBot.Core.Conversations;

namespace ChatBot.Host.Observability;

/// <summary>
/// Ready when the store answers a read. The store opens (and migrates) lazily, so a harmless
/// lookup through the shared <see cref="IConversationStore"/> seam is what proves it is open.
/// </summary>
internal sealed class StoreReadinessCheck(IServiceProvider services) : IReadinessCheck
{
    private static readonly ChannelKey Probe = new("readiness", "probe");

    public string Name => "store";

    public async Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken)
    {
        var store = services.GetService<IConversationStore>();
        if (store is null)
        {
            return ReadinessResult.Pass("no store is registered");
        }
        try
        {
            await store.GetReferenceAsync(Probe, cancellationToken);
            return ReadinessResult.Pass("store open");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ReadinessResult.Fail("store cannot be opened: " + ex.GetBaseException().Message);
        }
    }
}
