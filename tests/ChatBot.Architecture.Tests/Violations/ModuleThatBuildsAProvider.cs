// Deliberate breaks of the architecture rules, for RuleSelfTests. Nothing here runs.
#pragma warning disable CA1822
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Architecture.Tests.Violations;

internal sealed class ModuleThatBuildsAProvider
{
    public IServiceProvider Build(IServiceCollection services) => services.BuildServiceProvider();
}
