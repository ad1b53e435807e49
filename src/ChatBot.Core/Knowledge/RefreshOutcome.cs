namespace ChatBot.Core.Knowledge;

/// <summary>What one refresh produced: the snapshot to publish, the commit it reflects and the report.</summary>
internal sealed record RefreshOutcome(KnowledgeSnapshot Snapshot, long Generation, IndexReport Report);
