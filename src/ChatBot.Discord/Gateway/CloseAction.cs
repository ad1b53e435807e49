namespace ChatBot.Discord.Gateway;

internal enum CloseAction
{
    /// <summary>Reconnect and resume the session (replayed events follow).</summary>
    Resume,

    /// <summary>The session is gone: reconnect and identify afresh.</summary>
    Reidentify,

    /// <summary>Reconnecting cannot help; report and stop.</summary>
    Fatal,
}
