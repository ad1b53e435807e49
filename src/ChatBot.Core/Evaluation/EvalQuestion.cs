using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatBot.Core.Evaluation;

/// <summary>
/// One line of a question file: every <see cref="Must"/> group needs one of its alternatives in
/// the answer text, a citation must come from one of <see cref="Sources"/>; unanswerable
/// questions must be declined.
/// </summary>
public sealed record EvalQuestion(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("must")] IReadOnlyList<IReadOnlyList<string>>? Must,
    [property: JsonPropertyName("sources")] IReadOnlyList<string>? Sources,
    [property: JsonPropertyName("answerable")] bool? Answerable)
{
    public bool IsAnswerable => Answerable ?? true;

    /// <summary>Parses JSON lines; blank lines are ignored.</summary>
    /// <exception cref="FormatException">A line is not a question object (message names the line).</exception>
    public static IReadOnlyList<EvalQuestion> ParseLines(string text)
    {
        var questions = new List<EvalQuestion>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            EvalQuestion? question;
            try
            {
                question = JsonSerializer.Deserialize<EvalQuestion>(line);
            }
            catch (JsonException ex)
            {
                throw new FormatException($"line {lineNumber}: {ex.Message}", ex);
            }
            if (question is null || string.IsNullOrWhiteSpace(question.Question))
            {
                throw new FormatException($"line {lineNumber}: missing \"question\"");
            }
            questions.Add(question with { Id = string.IsNullOrWhiteSpace(question.Id) ? $"line{lineNumber}" : question.Id });
        }
        return questions;
    }
}
