namespace ChatBot.Core.Semantic;

/// <summary>What the semantic layer is doing, for logs, readiness pages and tests.</summary>
/// <param name="Serving">Whether dense retrieval takes part in answers now.</param>
/// <param name="Passages">Passages of the latest snapshot.</param>
/// <param name="Pending">Of those, how many still wait for a vector.</param>
/// <param name="Embedded">Passages embedded by the model since start-up (reused vectors not counted).</param>
/// <param name="Failure">Why embedding stopped, when it failed; answers stay lexical then.</param>
public sealed record SemanticStatus(bool Enabled, bool Serving, int Passages, int Pending, long Embedded, string? Failure);
