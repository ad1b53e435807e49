// Deliberate breaks of the architecture rules, for RuleSelfTests. Nothing here runs.
#pragma warning disable CA1822
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace ChatBot.Architecture.Tests.Violations;

internal sealed class AdapterThatQueriesLucene
{
    public async Task<int> CountAsync()
    {
        await Task.Yield();
        return new BooleanQuery { { new TermQuery(new Term("text", "council")), Occur.SHOULD } }.Clauses.Count;
    }
}
