using Microsoft.Extensions.Options;

namespace ChatBot.Core.Digests;

/// <summary>Refuses to start with a default cron or time zone that no subscription could use.</summary>
internal sealed class DigestOptionsValidator : IValidateOptions<DigestOptions>
{
    public ValidateOptionsResult Validate(string? name, DigestOptions options)
    {
        var failures = new List<string>();
        try
        {
            CronSchedule.Parse(options.DefaultCron, options.DefaultTimeZone);
        }
        catch (ArgumentException e)
        {
            failures.Add($"{DigestOptions.Section}: {e.Message}");
        }
        if (options.MaxRetryDelay < options.RetryDelay)
        {
            failures.Add($"{DigestOptions.Section}:MaxRetryDelay must not be shorter than RetryDelay.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
