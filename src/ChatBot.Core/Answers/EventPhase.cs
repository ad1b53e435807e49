namespace ChatBot.Core.Answers;

/// <summary>A stage in the life of an agreement, negotiation, programme or call (<see cref="EventPhases"/>).</summary>
public enum EventPhase
{
    Start,
    Conclusion,
    Signing,
    InForce,
}
