using Microsoft.Extensions.Logging;

namespace ChatBot.Testing;

public sealed record LogLine(LogLevel Level, string Category, string Message, Exception? Exception);
