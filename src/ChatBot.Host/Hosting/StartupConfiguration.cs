using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace ChatBot.Host.Hosting;

/// <summary>
/// Turns the exceptions a misconfigured host throws at start-up into one line that names the
/// configuration key, so a new user sees what to fix instead of a stack trace.
/// </summary>
public static partial class StartupConfiguration
{
    /// <summary>Runs every <c>ValidateOnStart</c> check now, before anything starts or logs.</summary>
    public static void Validate(IServiceProvider services) => services.GetService<IStartupValidator>()?.Validate();

    /// <returns>The problem in one line (without the "configuration error: " prefix), or null when <paramref name="exception"/> is not a configuration error.</returns>
    public static string? Describe(Exception exception)
    {
        switch (exception)
        {
            case OptionsValidationException options:
                return Describe(options);
            case AggregateException aggregate:
                var parts = aggregate.Flatten().InnerExceptions.Select(Describe).ToList();
                return parts.Count > 0 && parts.All(p => p is not null) ? string.Join("; ", parts.Distinct()) : null;
            case IOException { InnerException: AddressInUseException } inUse:
                // A taken port is the configured address's problem; say which setting moves it.
                return $"Web:Urls: {inUse.Message} Choose a free address with Web:Urls or ASPNETCORE_URLS";
            case InvalidOperationException when BinderFailure().Match(exception.Message) is { Success: true } match:
                // The binder's message quotes the value, which may be a secret; keep only the key and type.
                return $"{match.Groups["key"].Value} cannot be read as {match.Groups["type"].Value}";
            default:
                return exception.InnerException is { } inner && exception is TargetInvocationException ? Describe(inner) : null;
        }
    }

    private static string Describe(OptionsValidationException exception)
    {
        var section = SectionOf(exception.OptionsType);
        var failures = exception.Failures.Select(f => OneLine(f)).Where(f => f.Length > 0).ToList();
        if (failures.Count == 0)
        {
            failures.Add(OneLine(exception.Message));
        }
        return string.Join("; ", failures.Select(f => NameTheKey(section, f)));
    }

    private static string NameTheKey(string? section, string failure)
    {
        if (section is null || failure.Contains(section, StringComparison.OrdinalIgnoreCase))
        {
            return failure;
        }
        // "DataAnnotation validation failed for 'X' members: 'Path' with the error: '...'." -> "Section:Path: ..."
        return DataAnnotationFailure().Match(failure) is { Success: true } match
            ? $"{section}:{match.Groups["member"].Value}: {match.Groups["error"].Value}"
            : $"{section}: {failure}";
    }

    /// <summary>Options classes in this solution name their section in a <c>Section</c> constant.</summary>
    private static string? SectionOf(Type optionsType) =>
        optionsType.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
            ? field.GetRawConstantValue() as string
            : null;

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [GeneratedRegex("^DataAnnotation validation failed for '[^']*' members: '(?<member>[^']+)' with the error: '(?<error>.*)'\\.?$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();

    [GeneratedRegex("^Failed to convert configuration value .*? at '(?<key>[^']+)' to type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex BinderFailure();
}
