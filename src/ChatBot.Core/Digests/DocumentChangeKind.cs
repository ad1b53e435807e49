namespace ChatBot.Core.Digests;

public enum DocumentChangeKind
{
    Added,
    Changed,
}
