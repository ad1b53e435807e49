namespace ChatBot.Core.Answers;

/// <summary>How two sources' accounts of one event differ.</summary>
internal enum DisagreementKind
{
    /// <summary>One source reports the event done, the other still pending.</summary>
    Status,

    /// <summary>Both report it, on different dates.</summary>
    Date,
}
