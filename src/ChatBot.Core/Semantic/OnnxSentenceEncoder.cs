using BERTTokenizers.Base;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;

namespace ChatBot.Core.Semantic;

/// <summary>
/// A packaged model run from its extracted ONNX file, with the package's tokenizer and the
/// package's pooling and normalisation, step for step, so its vectors equal the package
/// encoder's. Safe to call from several threads at once (ONNX Runtime sessions are).
/// </summary>
internal sealed class OnnxSentenceEncoder : ISentenceEncoder, IDisposable
{
    // The package's epsilons: a zero-length vector (or an empty mask) is not divided by zero.
    private const float NormEpsilon = 1e-12f;
    private const float MaskEpsilon = 1e-9f;

    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];

    private readonly PackagedModel _model;
    private readonly InferenceSession _session;
    private readonly TokenizerBase _tokenizer;
    private readonly string[] _outputNames;
    private readonly Lock _tokenizerGate = new();

    public OnnxSentenceEncoder(PackagedModel model, string modelPath, SessionOptions options)
    {
        _model = model;
        _session = new InferenceSession(modelPath, options);
        try
        {
            _tokenizer = model.CreateTokenizer();
            // The token vectors: the package reads the first output too.
            _outputNames = [_session.OutputMetadata.Keys.First()];
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    public float[][] Encode(string[] sentences, CancellationToken cancellationToken)
    {
        if (sentences.Length == 0)
        {
            return [];
        }
        List<(long[] Ids, long[] Types, long[] Mask)> tokens;
        // The package does not say its tokenizer is thread-safe; it is a small part of the cost.
        lock (_tokenizerGate)
        {
            tokens = _tokenizer.Encode(sentences);
        }
        var count = tokens.Count;
        var length = tokens[0].Ids.Length;
        var ids = new long[count * length];
        var mask = new long[count * length];
        var types = new long[count * length];
        for (var i = 0; i < count; i++)
        {
            tokens[i].Ids.CopyTo(ids, i * length);
            tokens[i].Mask.CopyTo(mask, i * length);
            tokens[i].Types.CopyTo(types, i * length);
        }
        long[] shape = [count, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(types, shape);
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        IDisposableReadOnlyCollection<OrtValue> outputs;
        try
        {
            outputs = _session.Run(runOptions, InputNames, [idsValue, maskValue, typesValue], _outputNames);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        using (outputs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var hidden = outputs[0].GetTensorDataAsSpan<float>();
            var dimensions = (int)outputs[0].GetTensorTypeAndShape().Shape[2];
            var vectors = new float[count][];
            for (var i = 0; i < count; i++)
            {
                var tokenVectors = hidden.Slice(i * length * dimensions, length * dimensions);
                var vector = _model.Pooling == SentencePooling.Cls
                    ? tokenVectors[..dimensions].ToArray()
                    : MeanOf(tokenVectors, tokens[i].Mask, dimensions);
                Normalize(vector);
                vectors[i] = vector;
            }
            return vectors;
        }
    }

    /// <summary>The masked mean, summed token by token in the package's order.</summary>
    private static float[] MeanOf(ReadOnlySpan<float> tokenVectors, long[] mask, int dimensions)
    {
        var mean = new float[dimensions];
        var kept = 0f;
        for (var token = 0; token < mask.Length; token++)
        {
            var weight = (float)mask[token];
            kept += weight;
            var row = tokenVectors.Slice(token * dimensions, dimensions);
            for (var d = 0; d < dimensions; d++)
            {
                mean[d] += row[d] * weight;
            }
        }
        var scale = 1f / MathF.Max(kept, MaskEpsilon);
        for (var d = 0; d < dimensions; d++)
        {
            mean[d] *= scale;
        }
        return mean;
    }

    /// <summary>Unit length, computed as the package does (float sum, then one reciprocal).</summary>
    private static void Normalize(float[] vector)
    {
        var sum = 0f;
        foreach (var value in vector)
        {
            sum += value * value;
        }
        var scale = 1f / MathF.Max(MathF.Sqrt(sum), NormEpsilon);
        for (var d = 0; d < vector.Length; d++)
        {
            vector[d] *= scale;
        }
    }

    public void Dispose() => _session.Dispose();
}
