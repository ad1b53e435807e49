namespace ChatBot.Core.Answers;

/// <summary>Answers a question from the corpus with verbatim citations, or declines.</summary>
public interface IAnswerEngine
{
    Task<Answer> AskAsync(AskRequest request, CancellationToken cancellationToken);
}
