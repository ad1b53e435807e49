namespace ChatBot.Discord.Tests.Fakes;

/// <summary>A scripted answer for the next request matching <see cref="Method"/> and path prefix.</summary>
/// <param name="ProcessFirst">Handle the request normally (e.g. create the message), then answer with this status anyway: a lost response.</param>
public sealed record ScriptedResponse(string Method, string PathPrefix, int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null, bool ProcessFirst = false);
