// Deliberate breaks of the architecture rules, for RuleSelfTests. Nothing here runs.
#pragma warning disable CA1822
using Microsoft.AspNetCore.Builder;

namespace ChatBot.Architecture.Tests.Violations;

internal sealed class ModuleThatBuildsAWebApplication
{
    public object Build() => WebApplication.CreateBuilder().Build();
}
