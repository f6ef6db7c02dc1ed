using Orchestration.Dashboard.Rendering;

namespace Orchestration.Dashboard.Pages;

/// <summary>The frame every page shares: the document head (our stylesheet and script, nothing inline) and the header.</summary>
internal static class PageLayout
{
    /// <summary>Writes everything up to the page's own content.</summary>
    /// <param name="html">Where to write.</param>
    /// <param name="basePath">The dashboard's path, ending in '/'.</param>
    /// <param name="title">The page title.</param>
    /// <param name="bodyAttributes">Attributes of <c>&lt;body&gt;</c> (markup written by the page, values already encoded).</param>
    public static void Begin(HtmlWriter html, string basePath, string title, Markup bodyAttributes)
    {
        html.Append($"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append($"<meta name=\"referrer\" content=\"no-referrer\"><title>{title} · Orchestration dashboard</title>");
        html.Append($"<link rel=\"stylesheet\" href=\"{basePath}assets/dashboard.css\"><script src=\"{basePath}assets/dashboard.js\" defer></script></head>");
        html.Append($"<body {bodyAttributes}><header class=\"top\"><a class=\"brand\" href=\"{basePath}\">Orchestration runs</a></header><main>");
    }

    /// <summary>Closes the page.</summary>
    public static void End(HtmlWriter html) => html.Append($"</main></body></html>\n");

    /// <summary>A status as a badge.</summary>
    public static void Status(HtmlWriter html, string status) =>
        html.Append($"<span class=\"badge status-{RunProgress.Css(status)}\">{status}</span>");

    /// <summary>A whole page saying that something could not be shown, and why.</summary>
    public static string Problem(string basePath, string title, string message)
    {
        var html = new HtmlWriter();
        Begin(html, basePath, title, new Markup("data-page=\"problem\""));
        html.Append($"<h1>{title}</h1><p class=\"problem\">{message}</p><p><a href=\"{basePath}\">All runs</a></p>");
        End(html);
        return html.ToString();
    }
}
