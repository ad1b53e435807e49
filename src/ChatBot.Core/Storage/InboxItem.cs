namespace ChatBot.Core.Storage;

/// <param name="Key">The platform's id of the item (e.g. channel, conversation and activity id); unique per platform.</param>
/// <param name="Conversation">Items of one conversation are processed one at a time, in arrival order.</param>
/// <param name="PartsDone">Replies already posted (or possibly posted) for this item by earlier attempts.</param>
public sealed record InboxItem(long Id, string Platform, string Key, string Conversation, string Payload, int Attempts, int PartsDone);
