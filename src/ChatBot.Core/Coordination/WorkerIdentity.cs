using System.Security.Cryptography;

namespace ChatBot.Core.Coordination;

/// <summary>
/// This process among the bot's workers, as leases name it: host, process id and a random suffix,
/// so a restarted process (same host, perhaps the same pid in a container) is a new holder and
/// waits for its predecessor's leases to expire instead of inheriting them unseen.
/// </summary>
public sealed class WorkerIdentity
{
    public WorkerIdentity()
        : this($"{Environment.MachineName}:{Environment.ProcessId}:{Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant()}")
    {
    }

    public WorkerIdentity(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    public string Name { get; }

    public override string ToString() => Name;
}
