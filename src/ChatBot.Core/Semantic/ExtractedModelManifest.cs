namespace ChatBot.Core.Semantic;

/// <summary>
/// What an extracted model file must be (<c>&lt;model&gt;.onnx.json</c> beside it): which package
/// build it came from, and its length and SHA-256, checked before every load.
/// </summary>
public sealed record ExtractedModelManifest(string Package, Guid PackageBuild, string Resource, long Length, string Sha256);
