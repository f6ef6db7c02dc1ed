using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace Orchestration.Dashboard.Security;

/// <summary>The dashboard's access token: how it is made, checked and kept in a cookie.</summary>
internal static class DashboardToken
{
    public const string QueryParameter = "token";
    private const int MinimumLength = 16;

    /// <summary>32 random bytes, base64url encoded (43 characters, safe in a URL unescaped).</summary>
    public static string Generate() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Validate(string? token, string parameter)
    {
        if (token is null || token.Length < MinimumLength || !token.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_'))
        {
            throw new ArgumentException(
                $"A dashboard access token needs at least {MinimumLength} characters, each a letter, a digit, '-' or '_' (it travels in a URL). Leave it unset to get a random one.",
                parameter);
        }

        return token;
    }

    /// <summary>Compares in constant time, so that response timing says nothing about how much of a guess was right.</summary>
    public static bool Matches(string expected, string? given) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));

    /// <summary>
    /// A cookie name of this dashboard's own (from a hash of its token): browsers send cookies to every port of a host, so
    /// two dashboards on one machine would otherwise overwrite each other's.
    /// </summary>
    public static string CookieName(string token)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return "orchestration-dashboard-" + Convert.ToHexString(hash, 0, 6).ToLowerInvariant();
    }
}
