using Microsoft.AspNetCore.Http;

namespace Orchestration.Dashboard.Security;

/// <summary>
/// The headers on every dashboard response. The Content-Security-Policy allows scripts, styles and connections from the
/// dashboard itself only: no inline script or style, no remote source, no framing, no form posting elsewhere. Records
/// hold prompts and outputs, so nothing is cached or sent on as a referrer.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static void Apply(HttpResponse response, bool cacheable = false)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers.CacheControl = cacheable ? "no-cache" : "no-store";
    }
}
