namespace ChatBot.Core.Digests;

/// <summary>Builds the digest of corpus changes in a period; the scheduler and "post now" share it.</summary>
public interface IDigestComposer
{
    /// <summary>Changes after <paramref name="since"/> up to and including <paramref name="until"/>.</summary>
    Task<Digest> ComposeAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken);
}
