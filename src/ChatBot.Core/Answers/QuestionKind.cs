namespace ChatBot.Core.Answers;

public enum QuestionKind
{
    Other,
    When,
    Where,
    Who,
    Author,
    HowMuch,
    List,
}
