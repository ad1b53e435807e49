using System.Text.Encodings.Web;
using System.Text.Json;

namespace ChatBot.Teams;

internal static class TeamsJson
{
    /// <summary>
    /// Outgoing activities keep non-ASCII text as UTF-8 rather than \u escapes: smaller (the size
    /// limit counts bytes) and the bodies are never embedded in HTML, where escaping would matter.
    /// </summary>
    public static readonly JsonSerializerOptions Outbound = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
