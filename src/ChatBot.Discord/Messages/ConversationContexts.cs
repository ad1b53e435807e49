namespace ChatBot.Discord.Messages;

/// <summary>
/// Remembers, per thread the bot started (and per DM channel), the question it is about, so a
/// follow-up such as "who chaired it?" is asked with that earlier question as context. Bounded:
/// the least recently started conversations are forgotten first.
/// </summary>
public sealed class ConversationContexts(int capacity = 10_000)
{
    private readonly Dictionary<string, string> _questionByChannel = [];
    private readonly Queue<string> _order = new();
    private readonly Lock _lock = new();

    public bool IsBotThread(string channelId)
    {
        lock (_lock)
        {
            return _questionByChannel.ContainsKey(channelId);
        }
    }

    public string? PreviousQuestion(string channelId)
    {
        lock (_lock)
        {
            return _questionByChannel.GetValueOrDefault(channelId);
        }
    }

    public void Remember(string channelId, string question)
    {
        lock (_lock)
        {
            if (!_questionByChannel.ContainsKey(channelId))
            {
                _order.Enqueue(channelId);
                if (_order.Count > capacity)
                {
                    _questionByChannel.Remove(_order.Dequeue());
                }
            }
            _questionByChannel[channelId] = question;
        }
    }
}
