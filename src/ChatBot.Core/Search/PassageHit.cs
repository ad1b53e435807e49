using ChatBot.Core.Corpus;

namespace ChatBot.Core.Search;

public sealed record PassageHit(Passage Passage, DocumentInfo Document, float Score);
