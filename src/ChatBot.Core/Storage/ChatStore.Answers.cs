using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using ChatBot.Core.Answers;
using ChatBot.Core.Conversations;
using ChatBot.Core.Feedback;

namespace ChatBot.Core.Storage;

public abstract partial class ChatStore
{
    // Lower-case letters and digits without look-alikes: safe in Discord custom_id and card data, easy to read aloud.
    private const string IdAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
    private const int IdLength = 10;

    public async Task<string> RecordAsync(ChannelKey channel, string? userId, Answer answer, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(answer, AnswerLogJson.Default.Answer);
        return await WriteInBatchAsync(async batch =>
        {
            // 31^10 ids: a collision is astronomically rare, but retrying costs nothing.
            for (var attempt = 0; ; attempt++)
            {
                var id = RandomNumberGenerator.GetString(IdAlphabet, IdLength);
                // Stamped by the store's clock, like everything several workers write (see StoreNow).
                var inserted = await batch.ExecuteAsync(
                    $"""
                    INSERT INTO answers (id, platform, channel_id, user_id, question, answered, answer_json, at)
                    VALUES (@id, @p, @c, @u, @q, @answered, @json, {StoreNow})
                    ON CONFLICT DO NOTHING
                    """,
                    ("@id", id), ("@p", channel.Platform), ("@c", channel.ChannelId), ("@u", userId), ("@q", answer.Question),
                    ("@answered", answer.Answered ? 1 : 0), ("@json", json), StoreClock);
                if (inserted == 1)
                {
                    return id;
                }
                if (attempt >= 5)
                {
                    throw new InvalidOperationException("Could not allocate a unique answer id.");
                }
            }
        }, cancellationToken);
    }

    public async Task<LoggedAnswer?> FindAsync(string answerId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(answerId) || answerId.Length > 64)
        {
            return null;
        }
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(connection,
            "SELECT id, platform, channel_id, user_id, answer_json, at FROM answers WHERE id = @id",
            ReadLoggedAnswer, cancellationToken, ("@id", answerId));
        return rows.FirstOrDefault();
    }

    public Task<bool> RecordFeedbackAsync(string answerId, string? userId, bool helpful, CancellationToken cancellationToken) =>
        RecordFeedbackAsync(answerId, userId, helpful, comment: null, cancellationToken);

    /// <summary>Longest comment kept; the rest of an over-long one is cut.</summary>
    internal const int MaxCommentChars = 2_000;

    public async Task<bool> RecordFeedbackAsync(string answerId, string? userId, bool helpful, string? comment, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(answerId) || answerId.Length > 64)
        {
            return false;
        }
        await using var connection = await OpenAsync(cancellationToken);
        var exists = await ScalarAsync(connection, null, "SELECT 1 FROM answers WHERE id = @id", cancellationToken, ("@id", answerId));
        if (exists is null)
        {
            return false;
        }
        // One vote per user and answer: clicking again changes the vote instead of adding one.
        await ExecuteAsync(connection, null,
            $"""
            INSERT INTO feedback (answer_id, user_id, helpful, at, comment) VALUES (@id, @u, @h, {StoreNow}, @comment)
            ON CONFLICT (answer_id, user_id) DO UPDATE SET helpful = excluded.helpful, at = excluded.at,
                comment = COALESCE(excluded.comment, feedback.comment)
            """,
            cancellationToken, ("@id", answerId), ("@u", userId), ("@h", helpful ? 1 : 0), StoreClock,
            ("@comment", CleanComment(comment)));
        return true;
    }

    private static string? CleanComment(string? comment)
    {
        var trimmed = comment?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.Length > MaxCommentChars ? trimmed[..MaxCommentChars] : trimmed;
    }

    public async Task<AnswerReport> ReportAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var unanswered = await QueryAsync(connection,
            "SELECT id, platform, channel_id, user_id, answer_json, at FROM answers WHERE answered = 0 AND at >= @since ORDER BY at DESC",
            ReadLoggedAnswer, cancellationToken, ("@since", ToDb(since)));
        var feedback = await QueryAsync(connection,
            """
            SELECT f.answer_id, a.question, f.helpful, f.user_id, f.at, f.comment FROM feedback f JOIN answers a ON a.id = f.answer_id
            WHERE f.at >= @since ORDER BY f.at DESC
            """,
            r => new FeedbackEntry(r.GetString(0), r.GetString(1), r.GetInt64(2) != 0, GetStringOrNull(r, 3), FromDb(r.GetInt64(4))) { Comment = GetStringOrNull(r, 5) },
            cancellationToken, ("@since", ToDb(since)));
        return new AnswerReport(unanswered, feedback);
    }

    private static LoggedAnswer ReadLoggedAnswer(DbDataReader r) => new(
        r.GetString(0),
        new ChannelKey(r.GetString(1), r.GetString(2)),
        GetStringOrNull(r, 3),
        JsonSerializer.Deserialize(r.GetString(4), AnswerLogJson.Default.Answer)
            ?? throw new InvalidDataException($"Answer {r.GetString(0)} has no content."),
        FromDb(r.GetInt64(5)));
}
