namespace ChatBot.Teams.Connector;

/// <summary>Marks a cancellation that hit a request already sent, as opposed to one between attempts.</summary>
internal sealed class InterruptedInFlightException(OperationCanceledException inner) : Exception("interrupted in flight", inner);
