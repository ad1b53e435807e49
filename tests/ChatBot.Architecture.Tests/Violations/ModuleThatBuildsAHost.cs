// Deliberate breaks of the architecture rules, for RuleSelfTests. Nothing here runs.
#pragma warning disable CA1822
using Microsoft.Extensions.Hosting;

namespace ChatBot.Architecture.Tests.Violations;

internal sealed class ModuleThatBuildsAHost
{
    public IHost Build() => Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder().Build();
}
