using System.Collections.Generic;

namespace ContentPipeline;

/// <summary>An article to process.</summary>
public sealed record Article(string Title, string Body);

/// <summary>What the analyzer found.</summary>
public sealed record Analysis(
    Article Article,
    string Sentiment,
    IReadOnlyList<string> Keywords,
    double Readability,
    IReadOnlyList<string> Suggestions);

/// <summary>The article after the editor applied the analysis.</summary>
public sealed record Enhanced(string Title, string Text, IReadOnlyList<string> Keywords, IReadOnlyList<string> Improvements);

/// <summary>Where the article was published and the posts announcing it.</summary>
public sealed record Published(string Path, IReadOnlyList<string> SocialPosts);

/// <summary>Search-engine checks of an article.</summary>
public sealed record SeoReport(int Score, IReadOnlyList<string> Issues);

/// <summary>A digest of a published article.</summary>
public sealed record Digest(string Headline, string Summary);

/// <summary>A headline for an article.</summary>
public sealed record Headline(string Text);

/// <summary>An editor's verdict on an enhanced article: approved, or rejected with a note for the author.</summary>
public sealed record EditorDecision(bool Approved, string? Note = null);

/// <summary>What became of an article after the editor's review.</summary>
public sealed record Publication(bool Published, string? Path, string Summary);
