using ChatBot.Core.Digests;
using Microsoft.Extensions.Options;

namespace ChatBot.Discord.Digests;

/// <summary>
/// Refuses to start when a killed worker's digest run could not be resumed while Discord still
/// recognises the part that was on the wire by its nonce: the run would then end "possibly
/// missing" after every crash instead of being completed. The take-over bound is the claim's
/// length plus a scheduler's wake-up (<see cref="DigestOptions.CrashTakeover"/>); it must leave
/// room inside <c>Discord:Rest:NonceWindow</c> for the post itself.
/// </summary>
internal sealed class DigestTakeoverValidator(IOptions<DigestOptions> digests) : IValidateOptions<DiscordOptions>
{
    /// <summary>Time the part itself may have been on the wire before the crash, still covered by the window.</summary>
    internal static readonly TimeSpan PostRoom = TimeSpan.FromSeconds(10);

    public ValidateOptionsResult Validate(string? name, DiscordOptions options)
    {
        var window = options.Rest.NonceWindow;
        if (!options.Enabled || window == TimeSpan.Zero)
        {
            // Zero: the operator chose never to repost; an unknown part is always reported instead.
            return ValidateOptionsResult.Success;
        }
        var takeover = digests.Value.CrashTakeover;
        if (takeover + PostRoom <= window)
        {
            return ValidateOptionsResult.Success;
        }
        return ValidateOptionsResult.Fail(
            $"{DigestOptions.Section}:ClaimLease ({digests.Value.ClaimLease}) is too long for Discord:Rest:NonceWindow ({window}): "
            + $"a killed worker's digest is resumed up to {takeover} later, and with {PostRoom.TotalSeconds:0} s for the post itself that is past the window, "
            + "so the part on the wire would be reported as possibly missing instead of posted again under its nonce. "
            + $"Set ClaimLease to at most {window - DigestOptions.TakeoverSlack - PostRoom} (or NonceWindow to 0 to never repost).");
    }
}
