using System.Text;
using ChatBot.Core.Corpus;
using ChatBot.Testing;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace ChatBot.Core.Tests.CorpusLoading;

public class CorpusLoaderTests : IDisposable
{
    private readonly TempFolder _corpus = new();
    private readonly CorpusLoader _loader = new();

    public void Dispose() => _corpus.Dispose();

    private LoadedDocument Load(string relativePath, string text) => Load(relativePath, Encoding.UTF8.GetBytes(text));

    private LoadedDocument Load(string relativePath, byte[] bytes)
    {
        var full = _corpus.Write(relativePath, bytes);
        return _loader.Load(new CorpusFile(full, relativePath, CorpusLoader.DocumentIdOf(relativePath)), bytes);
    }

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private const string CouncilMarkdown = """
        ---
        title: "The First Digital Partnership council held in Seoul"
        date: 2023-06-30
        source:
          - https://example.org/first-council/
        publisher: Example Centre
        lang: en
        topics: [governance, semiconductors]
        ---
        # Key outcomes

        The European Union and the Republic of Korea held the first council in Seoul. It was co-chaired by Dr. Lee and Mr. Breton.

          • The partners will define a common vision for 6G.
          - They agreed to enhance cooperation on cybersecurity.

        The next council is planned for early 2024, in Brussels.

        Print Friendly, PDF & Email

        Stay Connected

        More Updates

        한-유럽 양자과학기술협력센터 임시 페이지 개설 안내

        Another article teaser that must never be indexed.
        """;

    [Fact]
    public void Markdown_front_matter_gives_title_date_url_and_topics()
    {
        var doc = Load("news/2023-06-30-first-council.md", CouncilMarkdown);

        Assert.Equal("news/2023-06-30-first-council", doc.Info.Id);
        Assert.Equal("The First Digital Partnership council held in Seoul", doc.Info.Title);
        Assert.Equal(new DateOnly(2023, 6, 30), doc.Info.Date);
        Assert.Equal("https://example.org/first-council/", doc.Info.Url);
        Assert.Equal("Example Centre", doc.Info.Publisher);
        Assert.Equal(["governance", "semiconductors"], doc.Info.Topics);
        Assert.Equal(64, doc.Info.ContentHash.Length);
    }

    [Fact]
    public void Url_field_wins_over_source_and_source_may_be_a_string()
    {
        var doc = Load("a.md", "---\ntitle: A\nsource: https://example.org/source\nurl: https://example.org/canonical\n---\nBody text here.\n");
        var other = Load("b.md", "---\ntitle: B\nsource: https://example.org/only-source\n---\nBody text here.\n");

        Assert.Equal("https://example.org/canonical", doc.Info.Url);
        Assert.Equal("https://example.org/only-source", other.Info.Url);
    }

    [Fact]
    public void A_page_written_from_several_sources_links_only_to_its_own_url()
    {
        var mixed = Load("a.md", "---\ntitle: A\nsource:\n  - https://example.org/one\n  - \"A report (2025)\"\n---\nBody text here.\n");
        var chosen = Load("b.md", "---\ntitle: B\nsource:\n  - https://example.org/one\n  - https://example.org/two\nurl: https://example.org/two\n---\nBody text here.\n");

        Assert.Null(mixed.Info.Url);
        Assert.Equal("https://example.org/two", chosen.Info.Url);
    }

    [Fact]
    public void Boilerplate_and_the_teasers_after_it_are_cut()
    {
        var doc = Load("council.md", CouncilMarkdown);
        var sentences = doc.Passages.SelectMany(p => p.Sentences).ToList();

        Assert.Contains("The next council is planned for early 2024, in Brussels.", sentences);
        Assert.DoesNotContain(sentences, s => s.Contains("Print Friendly") || s.Contains("Stay Connected") || s.Contains("teaser") || s.Contains("양자"));
        Assert.DoesNotContain("Print Friendly", doc.CleanText);
    }

    [Fact]
    public void Related_articles_marker_ends_the_document()
    {
        var doc = Load("analysis.md", "---\ntitle: Analysis\n---\nThe partnership is non-binding.\n\nRelated Articles\n\nSome other story about chips.\n");

        Assert.Equal(["The partnership is non-binding."], doc.Passages.SelectMany(p => p.Sentences).Where(s => s.EndsWith('.')));
        Assert.DoesNotContain("other story", doc.CleanText);
    }

    [Fact]
    public void Markdown_sentences_are_verbatim_in_the_raw_file_and_list_markers_are_stripped()
    {
        var doc = Load("council.md", CouncilMarkdown);
        var raw = Collapse(CouncilMarkdown);
        var sentences = doc.Passages.SelectMany(p => p.Sentences).ToList();

        Assert.Contains("The partners will define a common vision for 6G.", sentences);
        Assert.Contains("They agreed to enhance cooperation on cybersecurity.", sentences);
        Assert.Contains("It was co-chaired by Dr. Lee and Mr. Breton.", sentences);
        Assert.All(sentences, s => Assert.Contains(s, raw));
        Assert.Equal("Key outcomes", doc.Passages[0].Heading);
    }

    [Fact]
    public void Text_file_takes_its_title_from_the_first_line_and_its_date_from_the_text()
    {
        var doc = Load("notes/analysis.txt", "\n\nROK-EU Digital Partnership: Present and Future\nBy Raluca Csernatoni\nAugust 12, 2025\n\nThe pact is non-binding. It relies on political will.\n");

        Assert.Equal("notes/analysis", doc.Info.Id);
        Assert.Equal("ROK-EU Digital Partnership: Present and Future", doc.Info.Title);
        Assert.Equal(new DateOnly(2025, 8, 12), doc.Info.Date);
        var sentences = doc.Passages.SelectMany(p => p.Sentences).ToList();
        Assert.Contains("By Raluca Csernatoni", sentences);
        Assert.Contains("It relies on political will.", sentences);
    }

    [Fact]
    public void Text_file_understands_day_month_year_dates()
    {
        var doc = Load("t.txt", "Report\nPublished 30 June 2023 in Seoul.\n");

        Assert.Equal(new DateOnly(2023, 6, 30), doc.Info.Date);
    }

    [Fact]
    public void Html_keeps_title_and_main_text_without_scripts_menus_or_share_widgets()
    {
        const string html = """
            <!doctype html><html lang="en"><head><title>Quantum cooperation</title>
            <meta name="date" content="2025-03-01"><link rel="canonical" href="https://example.org/quantum">
            <script>var tracking = "SCRIPT TEXT";</script><style>.x{color:red}</style></head>
            <body><nav><a href="/">Home menu</a></nav>
            <main><h1>Quantum cooperation</h1>
            <p>A new centre in Brussels facilitates workshops. Scientists meet there.</p>
            <ul><li>Quantum communication networks are a joint topic.</li></ul>
            <div class="share-buttons">Share on Facebook</div>
            <p>Print Friendly, PDF &amp; Email</p><p>Teaser of another article.</p></main>
            <footer>Copyright footer</footer></body></html>
            """;

        var doc = Load("web/quantum.html", html);

        Assert.Equal("Quantum cooperation", doc.Info.Title);
        Assert.Equal(new DateOnly(2025, 3, 1), doc.Info.Date);
        Assert.Equal("https://example.org/quantum", doc.Info.Url);
        var text = doc.CleanText;
        Assert.Contains("A new centre in Brussels facilitates workshops.", text);
        Assert.Contains("Quantum communication networks are a joint topic.", text);
        foreach (var junk in new[] { "SCRIPT TEXT", "color:red", "Home menu", "Share on Facebook", "Print Friendly", "Teaser", "Copyright" })
        {
            Assert.DoesNotContain(junk, text);
        }
    }

    [Fact]
    public void Pdf_text_is_extracted()
    {
        var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(PageSize.A4);
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        page.AddText("Semiconductor projects are valued at 12 million euros.", 12, new PdfPoint(40, 700), font);
        builder.DocumentInformation.Title = "Chips report";

        var doc = Load("reports/chips.pdf", builder.Build());

        Assert.Equal("Chips report", doc.Info.Title);
        Assert.Contains("Semiconductor projects are valued at 12 million euros.", doc.Passages.SelectMany(p => p.Sentences));
    }

    [Theory]
    [InlineData("empty.md", "", "empty file")]
    [InlineData("blank.txt", "   \n\n  ", "no text")]
    [InlineData("unterminated.md", "---\ntitle: x\nno closing fence\n", "bad front matter")]
    [InlineData("badyaml.md", "---\ntitle: [unclosed\ndate: 2023-06-30\n---\nBody.\n", "bad front matter")]
    [InlineData("baddate.md", "---\ntitle: x\ndate: not-a-date\n---\nBody.\n", "bad front matter")]
    [InlineData("corrupt.pdf", "%PDF-1.7\nthis is not really a pdf", "corrupt PDF")]
    [InlineData("fake.pdf", "plain text pretending to be a pdf", "corrupt PDF")]
    public void Broken_files_fail_with_a_reason(string name, string content, string reason)
    {
        var ex = Assert.Throws<DocumentLoadException>(() => Load(name, content));

        Assert.StartsWith(reason, ex.Message);
    }

    [Fact]
    public void Binary_content_is_rejected()
    {
        var ex = Assert.Throws<DocumentLoadException>(() => Load("binary.md", [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0x02]));

        Assert.Contains("binary", ex.Message);
    }

    [Fact]
    public void Invalid_utf8_is_rejected()
    {
        var ex = Assert.Throws<DocumentLoadException>(() => Load("latin1.txt", [0x43, 0x61, 0x66, 0xE9, 0x20, 0x61, 0x6E, 0x64, 0x0A]));

        Assert.Equal("invalid UTF-8", ex.Message);
    }

    [Fact]
    public void Discover_finds_supported_files_with_slash_separated_ids()
    {
        _corpus.Write("a.md", "x");
        _corpus.Write("sub/dir/b.txt", "x");
        _corpus.Write("c.docx", "x");
        _corpus.Write(".hidden/d.md", "x");

        var files = _loader.Discover(_corpus.Path);

        Assert.Equal(["a", "sub/dir/b"], files.Select(f => f.DocumentId));
    }

    [Fact]
    public void Discover_fails_for_a_missing_folder()
    {
        Assert.Throws<DirectoryNotFoundException>(() => _loader.Discover(Path.Combine(_corpus.Path, "missing")));
    }
}
