using ChatBot.Core.Evaluation;

namespace ChatBot.Core.Tests.Evaluation;

public sealed class ThreadCpuTests
{
    [Fact]
    public void Parses_name_and_times_counting_fields_from_the_last_parenthesis()
    {
        // A thread name may hold spaces and parentheses: fields are counted after the last ')'.
        var stat = "4242 (.NET Tiered (x) C) S 1 1 1 0 -1 4194368 120 0 0 0 37 5 0 0 20 0 30 0 1000 0 0";

        var parsed = ThreadCpu.Parse(stat);

        Assert.Equal((".NET Tiered (x) C", 37L, 5L), parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4242 no parentheses S 1 1")]
    [InlineData("4242 (short) S 1 1 1")]
    [InlineData("4242 (bad) S 1 1 1 0 -1 4194368 120 0 0 0 x 5")]
    public void Rejects_lines_of_another_form(string stat) => Assert.Null(ThreadCpu.Parse(stat));

    [Fact]
    public void Since_gives_what_each_name_gained_and_ignores_threads_that_ended()
    {
        var before = new Dictionary<string, double> { ["pool"] = 10, ["gone"] = 5 };
        var after = new Dictionary<string, double> { ["pool"] = 25, ["new"] = 3 };

        var gained = ThreadCpu.Since(before, after);

        Assert.Equal(15, gained["pool"]);
        Assert.Equal(3, gained["new"]);
        Assert.False(gained.ContainsKey("gone"));
    }

    [Fact]
    public void Reads_the_threads_of_this_process_on_linux()
    {
        var threads = ThreadCpu.ByName();

        if (!OperatingSystem.IsLinux())
        {
            Assert.Empty(threads);
            return;
        }
        // The test host has threads of its own, each with a name and no negative time.
        Assert.NotEmpty(threads);
        Assert.All(threads, t => Assert.True(t.Value >= 0 && t.Key.Length > 0));
    }
}
