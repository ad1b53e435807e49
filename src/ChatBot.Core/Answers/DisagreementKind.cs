namespace ChatBot.Core.Answers;

/// <summary>How two sources' accounts of one event differ.</summary>
internal enum DisagreementKind
{
    /// <summary>One source reports the event done, the other still pending.</summary>
    Status,

    /// <summary>Both report it, on different dates.</summary>
    Date,

    /// <summary>Both give it an amount, and the amounts differ.</summary>
    Amount,

    /// <summary>Both say where it was, and name different places.</summary>
    Place,

    /// <summary>Both say who took part (signed, chaired, spoke), and name different people.</summary>
    Names,
}
