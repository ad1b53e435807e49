using System.Net;
using ChatBot.Teams.Tests.Fakes;
using ChatBot.Teams.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Teams.Tests;

/// <summary>Emulator mode answers this machine only: a remote client cannot make the worker post anywhere, even to a local port.</summary>
public sealed class EmulatorRemoteClientTests : WorkerTest
{
    protected override Task<TeamsTestHost> StartWorkerAsync(FakeMicrosoft fake) =>
        TeamsTestHost.StartAsync(fake, withAppId: false, configure: services =>
            services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new RemoteAddressFilter(System.Net.IPAddress.Parse("203.0.113.7"))));

    [Fact]
    public async Task Unauthenticated_request_from_another_machine_is_refused_and_nothing_is_posted()
    {
        var response = await Worker.PostAsync(TestActivities.Message(Fake, "When is the next council?", channelId: "emulator"), token: "");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await Task.Delay(200);
        Assert.Empty(Fake.Sent);
        Assert.Contains(Worker.Logs.Lines, l => l.Text.Contains("not on this machine", StringComparison.Ordinal));
    }

    /// <summary>Makes every request look as if it came from <paramref name="address"/> (a test cannot dial from another host).</summary>
    private sealed class RemoteAddressFilter(System.Net.IPAddress address) : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress = address;
                return following(context);
            });
            next(app);
        };
    }
}
