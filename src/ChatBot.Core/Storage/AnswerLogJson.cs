using System.Text.Json;
using System.Text.Json.Serialization;
using ChatBot.Core.Answers;

namespace ChatBot.Core.Storage;

/// <summary>
/// The answer log's JSON, generated at build time: every answer is written to the log, and the
/// reflection-based serializer cost more per answer than the generated one. Same names and
/// layout as <see cref="JsonSerializerDefaults.Web"/> (camelCase), so older entries read alike.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Answer))]
internal sealed partial class AnswerLogJson : JsonSerializerContext;
