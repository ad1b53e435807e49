namespace ChatBot.Core.Answers;

/// <summary>A date as a line writes it ("28 November 2025", "March 26", "on Monday", "11월 28일") and the day it means.</summary>
public sealed record DateSpan(string Text, int Index, DateOnly? Date, DatePrecision Precision);
