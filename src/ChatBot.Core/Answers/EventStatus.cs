namespace ChatBot.Core.Answers;

/// <summary>What a line says of its event: done, still pending, or neither.</summary>
internal enum EventStatus
{
    Unstated,
    Pending,
    Done,
}
