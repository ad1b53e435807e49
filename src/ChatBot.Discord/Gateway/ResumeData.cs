namespace ChatBot.Discord.Gateway;

/// <summary><c>d</c> of op 6 Resume.</summary>
internal sealed record ResumeData(string Token, string SessionId, int? Seq);
