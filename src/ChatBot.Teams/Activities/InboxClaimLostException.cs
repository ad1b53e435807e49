namespace ChatBot.Teams.Activities;

/// <summary>
/// This worker's claim on a Teams inbox item is gone (another worker took the activity over after
/// the claim ran out, e.g. this one was paused): it posts and records nothing more for it.
/// </summary>
public sealed class InboxClaimLostException(string message) : Exception(message);
