using System.Text.Json.Nodes;

namespace ChatBot.Teams.Activities;

/// <summary>The synchronous answer to an <c>invoke</c> activity (Teams waits for it).</summary>
public sealed record InvokeResponse(int Status, JsonObject? Body);
