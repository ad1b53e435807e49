// Deliberate breaks of the architecture rules, for RuleSelfTests. Nothing here runs.
#pragma warning disable CA1822
namespace ChatBot.Architecture.Tests.Violations;

internal sealed class AdapterThatCallsTeams
{
    public object Options() => new ChatBot.Teams.TeamsOptions();
}
