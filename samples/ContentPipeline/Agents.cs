using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Orchestration;

namespace ContentPipeline;

/// <summary>Scores sentiment from word lists, picks keywords by frequency and measures readability.</summary>
[AgentTemplate("content_analyzer", Role = "Content analyst", Tier = ModelTier.Cheap, Capabilities = ["analysis", "seo"])]
[QualityGate("min_readability", 50)]
public sealed class ContentAnalyzer : IAgent<Article, Analysis>
{
    private static readonly HashSet<string> Positive = ["great", "good", "fast", "clear", "simple", "reliable", "love", "better", "safe", "typed"];
    private static readonly HashSet<string> Negative = ["bad", "slow", "broken", "confusing", "fail", "fails", "failure", "silently", "error", "errors"];
    private static readonly HashSet<string> StopWords = ["the", "a", "an", "and", "or", "of", "to", "in", "is", "it", "that", "this", "for", "on", "with", "as", "are", "be", "at", "by", "when", "you", "your", "its", "their", "they", "into", "from", "not", "only"];

    public ValueTask<Analysis> RunAsync(Article input, AgentContext context, CancellationToken cancellationToken)
    {
        var words = TextStatistics.Words(input.Body);
        var score = words.Count(Positive.Contains) - words.Count(Negative.Contains);
        var sentiment = score > 1 ? "positive" : score < -1 ? "negative" : "neutral";
        var keywords = words.Where(w => w.Length > 3 && !StopWords.Contains(w))
            .GroupBy(w => w)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(5).Select(g => g.Key).ToArray();
        var readability = TextStatistics.ReadingEase(input.Body);

        var suggestions = new List<string>();
        foreach (var sentence in TextStatistics.Sentences(input.Body).Where(s => TextStatistics.Words(s).Length > 25))
        {
            suggestions.Add($"split long sentence: \"{sentence[..Math.Min(40, sentence.Length)]}…\"");
        }

        if (!keywords.Any(k => input.Title.Contains(k, StringComparison.OrdinalIgnoreCase)) && keywords.Length > 0)
        {
            suggestions.Add($"mention the main keyword '{keywords[0]}' in the title");
        }

        if (readability < 50)
        {
            suggestions.Add("prefer shorter words and sentences");
        }

        // The analyzer is sure of word counts, less sure of sentiment on short texts.
        context.Confidence = Math.Min(1.0, 0.5 + (words.Length / 400.0));
        return ValueTask.FromResult(new Analysis(input, sentiment, keywords, readability, suggestions));
    }
}

/// <summary>
/// The editor is a language-model agent: it sends the analysis to the chat model and gets back a typed
/// <see cref="Enhanced"/> (the model is asked for JSON matching that type, and asked again if its reply does not parse).
/// </summary>
[AgentTemplate("content_enhancer", Role = "Editor", Tier = ModelTier.Capable, Capabilities = ["editing"], TimeoutSeconds = 120, MaxAttempts = 2,
    DefaultInstructions = "You are an editor. Apply the analysis to the article: split sentences longer than 25 words at their first comma, " +
        "and put the main keyword in the title. Reply with the edited title, text, keywords and the list of improvements you made.")]
public sealed class ContentEnhancer(IChatClient chat) : ChatAgent<Analysis, Enhanced>(chat)
{
    protected override System.Text.Json.JsonSerializerOptions SerializerOptions => SampleJson.AgentOptions;
}

/// <summary>Where the publisher writes articles; registered in dependency injection.</summary>
public sealed record PublishOptions(string Directory);

/// <summary>Writes the article as Markdown and drafts social posts. Gets its directory from dependency injection.</summary>
[AgentTemplate("content_publisher", Role = "Publisher", Tier = ModelTier.Cheap, Capabilities = ["publishing"], Tools = ["file_system"])]
public sealed class ContentPublisher(PublishOptions options) : IAgent<Enhanced, Published>
{
    public async ValueTask<Published> RunAsync(Enhanced input, AgentContext context, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.Directory);
        var slug = string.Join("-", TextStatistics.Words(input.Title).Take(8));
        var path = Path.Combine(options.Directory, $"{slug}.md");
        await File.WriteAllTextAsync(path, $"# {input.Title}\n\n{input.Text}\n", cancellationToken);
        var tags = string.Join(" ", input.Keywords.Take(3).Select(k => "#" + k));
        return new Published(path, [$"New post: {input.Title} {tags}", $"{input.Improvements.Count} edits later, it reads better. {tags}"]);
    }
}

/// <summary>Checks title length, keyword use and body length.</summary>
[AgentTemplate("seo_auditor", Role = "SEO auditor", Tier = ModelTier.Cheap, Capabilities = ["seo"])]
public sealed class SeoAuditor : IAgent<Article, SeoReport>
{
    public ValueTask<SeoReport> RunAsync(Article input, AgentContext context, CancellationToken cancellationToken)
    {
        var issues = new List<string>();
        if (input.Title.Length is < 20 or > 70)
        {
            issues.Add($"title is {input.Title.Length} characters; aim for 20–70");
        }

        var words = TextStatistics.Words(input.Body).Length;
        if (words < 300)
        {
            issues.Add($"body has {words} words; search engines favour 300 or more");
        }

        return ValueTask.FromResult(new SeoReport(100 - (issues.Count * 25), issues));
    }
}

/// <summary>Turns a published article into a digest entry.</summary>
[AgentTemplate("digest_writer", Role = "Digest writer", Tier = ModelTier.Cheap, Capabilities = ["summarizing"])]
public sealed class DigestWriter : IAgent<Published, Digest>
{
    public ValueTask<Digest> RunAsync(Published input, AgentContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new Digest(input.SocialPosts[0], $"Published to {Path.GetFileName(input.Path)} with {input.SocialPosts.Count} social posts."));
}

/// <summary>Drafts a headline from the title; unsure of itself when the title is long.</summary>
[AgentTemplate("headline_drafter", Role = "Junior copywriter", Tier = ModelTier.Cheap, Capabilities = ["copywriting"])]
public sealed class HeadlineDrafter : IAgent<Article, Headline>
{
    public const int IdealLength = 40;

    public ValueTask<Headline> RunAsync(Article input, AgentContext context, CancellationToken cancellationToken)
    {
        context.Confidence = input.Title.Length <= IdealLength ? 0.9 : 0.4;
        return ValueTask.FromResult(new Headline(input.Title));
    }
}

/// <summary>Takes over a weak draft: cuts it at a word boundary to the ideal length.</summary>
[AgentTemplate("senior_editor", Role = "Senior editor", Tier = ModelTier.Premium, Capabilities = ["copywriting", "editing"])]
public sealed class SeniorEditor : IAgent<Article, Headline>
{
    public ValueTask<Headline> RunAsync(Article input, AgentContext context, CancellationToken cancellationToken)
    {
        var draft = (context.Handoff as TeachingHandoff)?.JuniorOutputAs<Headline>()?.Text ?? input.Title;
        var words = draft.Split(' ');
        var kept = string.Empty;
        foreach (var word in words)
        {
            var candidate = kept.Length == 0 ? word : kept + " " + word;
            if (candidate.Length > HeadlineDrafter.IdealLength)
            {
                break;
            }

            kept = candidate;
        }

        return ValueTask.FromResult(new Headline(kept.TrimEnd(':', ',', ';')));
    }
}
