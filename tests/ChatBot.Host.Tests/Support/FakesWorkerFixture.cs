using ChatBot.Host.Tests.Fakes;

namespace ChatBot.Host.Tests.Support;

/// <summary>One real worker with the engine doubles, shared by the tests of a class.</summary>
public sealed class FakesWorkerFixture : IAsyncLifetime
{
    private TestWorker? _worker;

    public FakeAnswerEngine Engine { get; } = new();

    public TestWorker Worker => _worker ?? throw new InvalidOperationException("the worker has not started");

    public HttpClient Client => Worker.Client;

    public async Task InitializeAsync() => _worker = await TestWorker.StartAsync(TestServices.Doubles(Engine));

    public async Task DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }
    }
}
