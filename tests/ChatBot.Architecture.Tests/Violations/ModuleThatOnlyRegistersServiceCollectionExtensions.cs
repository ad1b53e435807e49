// Deliberate breaks of the architecture rules, for RuleSelfTests. Nothing here runs.
#pragma warning disable CA1822
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Architecture.Tests.Violations;

internal static class ModuleThatOnlyRegistersServiceCollectionExtensions
{
    public static IServiceCollection AddModule(this IServiceCollection services)
    {
        services.AddSingleton<ModuleThatOnlyRegisters>();
        services.AddSingleton<object>(sp => sp.GetRequiredService<ModuleThatOnlyRegisters>());
        return services;
    }
}
