namespace ChatBot.Core.Answers;

public enum DatePrecision
{
    Year,
    Month,
    Day,
}
