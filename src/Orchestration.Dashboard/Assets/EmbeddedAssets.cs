using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;

namespace Orchestration.Dashboard.Assets;

/// <summary>The dashboard's own script and stylesheet, embedded in the assembly and served from it (nothing from a CDN).</summary>
internal static class EmbeddedAssets
{
    private static readonly Dictionary<string, Asset> ByName = new(StringComparer.Ordinal)
    {
        ["dashboard.js"] = Load("dashboard.js", "text/javascript; charset=utf-8"),
        ["dashboard.css"] = Load("dashboard.css", "text/css; charset=utf-8"),
    };

    public static bool TryGet(string name, out Asset asset) => ByName.TryGetValue(name, out asset!);

    private static Asset Load(string name, string contentType)
    {
        using var stream = typeof(EmbeddedAssets).Assembly.GetManifestResourceStream("Orchestration.Dashboard.Assets." + name)
            ?? throw new InvalidOperationException($"The dashboard's asset '{name}' is missing from its assembly; the build did not embed it.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        return new Asset(bytes, contentType, "\"" + Convert.ToHexString(SHA256.HashData(bytes), 0, 8) + "\"");
    }

    /// <summary>One asset.</summary>
    /// <param name="Content">Its bytes.</param>
    /// <param name="ContentType">Its media type.</param>
    /// <param name="ETag">A hash of the content, for conditional requests.</param>
    internal sealed record Asset(byte[] Content, string ContentType, string ETag);
}
