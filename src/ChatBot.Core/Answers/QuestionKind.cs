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

    /// <summary>"How often", "얼마나 자주": answered by a line that states a frequency ("every year").</summary>
    Frequency,
}
