using ChatBot.Core.Answers;
using ChatBot.Core.Configuration;
using ChatBot.Core.Knowledge;
using ChatBot.Testing;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Tests.Knowledge;

public sealed class DocumentTermsTests : IDisposable
{
    private readonly TempFolder _corpus = new();
    private readonly TempFolder _data = new();

    public DocumentTermsTests()
    {
        _corpus.Write("council.md", "---\ntitle: Council\ndate: 2025-11-28\n---\n## Third council\n\nMinisters held the third council in Seoul.\n\nŠefčovič reviewed semiconductor projects.\n");
        _corpus.Write("korean.md", "---\ntitle: 협의회\ndate: 2025-11-28\n---\n제3차 한-EU 디지털 파트너십 협의회가 서울에서 열렸다.\n");
        _corpus.Write("quantum.md", "---\ntitle: Quantum\ndate: 2025-01-06\n---\nQuantum researchers met in Brussels.\n");
    }

    public void Dispose()
    {
        _corpus.Dispose();
        _data.Dispose();
    }

    private async Task<KnowledgeBase> LoadAsync()
    {
        var knowledge = new KnowledgeBase(new ChatBotPaths(_corpus.Path, _data.Path), Options.Create(new IndexOptions { SynonymsPath = RepositoryPaths.SynonymsFile }));
        await knowledge.RefreshAsync(rebuild: false, null, CancellationToken.None);
        await knowledge.WarmUp;
        return knowledge;
    }

    [Fact]
    public async Task Each_document_holds_exactly_the_terms_its_sentences_have()
    {
        using var knowledge = await LoadAsync();
        var terms = knowledge.Snapshot.DocumentTerms;

        Assert.NotNull(terms);
        Assert.Equal(knowledge.Documents.Count, terms.Count);
        var all = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in knowledge.Documents)
        {
            var expected = new HashSet<string>(StringComparer.Ordinal);
            DocumentTerms.Collect(knowledge.Analysis, knowledge.PassagesOf(document.Id), expected);
            Assert.NotEmpty(expected);
            var set = terms.Of(document);
            Assert.NotNull(set);
            Assert.Equal(expected.Count, set.Count);
            Assert.All(expected, term => Assert.True(set.Contains(term), term));
            all.UnionWith(expected);
        }
        foreach (var document in knowledge.Documents)
        {
            var set = terms.Of(document)!;
            var own = new HashSet<string>(StringComparer.Ordinal);
            DocumentTerms.Collect(knowledge.Analysis, knowledge.PassagesOf(document.Id), own);
            // Terms of the other documents only, and words of no document at all, are not in it.
            Assert.All(all.Except(own), term => Assert.False(set.Contains(term), term));
            Assert.False(set.Contains("neverwritten"));
        }
    }

    [Fact]
    public async Task Terms_are_stemmed_and_folded_and_Hangul_is_noted()
    {
        using var knowledge = await LoadAsync();
        var council = knowledge.Snapshot.DocumentTerms!.Of(knowledge.Document("council")!)!;
        var korean = knowledge.Snapshot.DocumentTerms!.Of(knowledge.Document("korean")!)!;

        // Written "Šefčovič", found as typed without accents.
        Assert.True(council.Contains(Assert.Single(knowledge.Analysis.EnglishTerms("Sefcovic"))));
        var stem = Assert.Single(knowledge.Analysis.EnglishTerms("Ministers"));
        Assert.NotEqual("ministers", stem);
        Assert.True(council.Contains(stem));
        Assert.False(council.Contains("ministers"));
        Assert.False(council.HasHangul);
        Assert.True(korean.HasHangul);
    }

    [Fact]
    public async Task A_document_object_it_was_not_built_for_gets_none()
    {
        using var knowledge = await LoadAsync();
        var document = knowledge.Document("council")!;

        Assert.NotNull(knowledge.Snapshot.DocumentTerms!.Of(document));
        Assert.Null(knowledge.Snapshot.DocumentTerms!.Of(document with { Title = "Edited" }));
    }

    [Fact]
    public async Task Building_stops_when_told_to()
    {
        using var knowledge = await LoadAsync();

        Assert.Null(DocumentTerms.Build(knowledge.Snapshot, knowledge.Analysis, () => true));
    }

    [Fact]
    public void A_Korean_form_is_not_looked_for_in_a_document_without_Hangul()
    {
        var lead = new AnalyzedLine("Council", ["council"], new HashSet<string>(), new HashSet<int>());
        var english = new DocumentTermSet(new Corpus.DocumentInfo("d", "t", null, null, null, null, "en", [], "h"), new Dictionary<string, int> { ["council"] = 0 }, [0], hasHangul: false);
        var context = new DocumentContext(lead, english, () => throw new InvalidOperationException("terms read"), () => throw new InvalidOperationException("text read"));

        context.Prepare(terms: true, compact: true);

        Assert.True(context.HasTerm("council"));
        Assert.False(context.HasTerm("seoul"));
        Assert.False(context.HasCompact("협의회"));
        Assert.Throws<InvalidOperationException>(() => context.HasCompact("eu"));
    }

    [Fact]
    public void Without_gathered_terms_the_document_text_is_read()
    {
        var lead = new AnalyzedLine("Council", ["council"], new HashSet<string>(), new HashSet<int>());
        var context = new DocumentContext(lead, null, () => new HashSet<string>(StringComparer.Ordinal) { "seoul" }, () => "제3차협의회 ");

        Assert.True(context.HasTerm("seoul"));
        Assert.False(context.HasTerm("council"));
        Assert.True(context.HasCompact("협의회"));
        Assert.False(context.HasCompact("위원회"));
    }
}
