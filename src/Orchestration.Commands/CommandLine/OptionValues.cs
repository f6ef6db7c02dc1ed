using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Orchestration.Commands.CommandLine;

/// <summary>Options whose values are checked with messages a person reads, rather than .NET's type names.</summary>
internal static class OptionValues
{
    /// <summary>A positive number of seconds, such as 30 or 0.5.</summary>
    public static Option<double?> Seconds(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = Token(result);
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && double.IsFinite(seconds))
            {
                return seconds;
            }

            result.AddError($"{name} takes a number of seconds greater than 0, such as 30 or 0.5; '{text}' is not one.");
            return null;
        },
    };

    /// <summary>A TCP port, 0 for any free one.</summary>
    public static Option<int> Port(string name, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => 0,
        CustomParser = result =>
        {
            var text = Token(result);
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535)
            {
                return port;
            }

            result.AddError($"{name} takes a port number from 0 to 65535 (0 for any free port); '{text}' is not one.");
            return 0;
        },
    };

    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
}
