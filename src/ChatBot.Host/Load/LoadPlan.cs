namespace ChatBot.Host.Load;

/// <param name="Kind"><see cref="LoadClient.Ask"/> (POST /api/ask) or <see cref="LoadClient.Teams"/> (POST /api/messages, Emulator activities).</param>
/// <param name="Targets">Worker base URLs; requests go round-robin, as a simple load balancer would.</param>
/// <param name="Duration">How long clients keep sending after the warm-up.</param>
/// <param name="MaxRequests">Stops earlier after this many measured requests (0: no limit).</param>
public sealed record LoadPlan(string Kind, IReadOnlyList<Uri> Targets, int Clients, TimeSpan Duration, TimeSpan Warmup, IReadOnlyList<string> Questions, int MaxRequests = 0);
