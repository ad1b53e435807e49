using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatBot.Host.Web;

/// <summary>
/// The web API's bodies and replies, serialized by code generated at build time instead of
/// reflection on every request (camelCase, as <see cref="JsonSerializerDefaults.Web"/>).
/// First in the HTTP JSON resolver chain; types not listed here fall through to reflection.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AskBody))]
[JsonSerializable(typeof(FeedbackBody))]
[JsonSerializable(typeof(AnswerResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(FeedbackResponse))]
internal sealed partial class WebJson : JsonSerializerContext;
