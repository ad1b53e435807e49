namespace ChatBot.Host.Load;

/// <param name="Kind"><see cref="LoadClient.Ask"/> (POST /api/ask) or <see cref="LoadClient.Teams"/> (POST /api/messages, Emulator activities).</param>
/// <param name="Targets">Worker base URLs; requests go round-robin, as a simple load balancer would.</param>
/// <param name="Duration">How long clients keep sending after the warm-up.</param>
/// <param name="MaxRequests">Stops earlier after this many measured requests (0: no limit).</param>
/// <param name="Rate">
/// Requests per second in all, sent on a fixed schedule by whichever client is free (open loop): a
/// load the worker must keep up with, rather than as much as it accepts. 0: closed loop, each client
/// sends its next request as soon as the last one answered.
/// </param>
public sealed record LoadPlan(string Kind, IReadOnlyList<Uri> Targets, int Clients, TimeSpan Duration, TimeSpan Warmup, IReadOnlyList<string> Questions, int MaxRequests = 0, double Rate = 0);
