namespace ChatBot.Teams.Tests.Support;

[Flags]
public enum RealServices
{
    None = 0,
    Engine = 1,
    TopicsAndDigests = 2,
    All = Engine | TopicsAndDigests,
}
