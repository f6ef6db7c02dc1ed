using Microsoft.Extensions.AI;
using Orchestration;

namespace ChatAgents;

/// <summary>Writes a brief from a topic: a chat agent, typed both ways, its output checked against its JSON schema.</summary>
[AgentTemplate("briefer", Role = "Briefing writer", Tier = ModelTier.Cheap,
    DefaultInstructions = "Write a brief on the topic: a headline and as many points as asked for.")]
public sealed class Briefer(IChatClient chat) : ChatAgent<Topic, Brief>(chat);

/// <summary>Formats a brief as text: plain C#.</summary>
[AgentTemplate("formatter", Role = "Formatter")]
public sealed class Formatter : IAgent<Brief, string>
{
    /// <inheritdoc />
    public ValueTask<string> RunAsync(Brief input, AgentContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult($"{input.Headline}\n" + string.Concat(input.Points.Select(p => $"  - {p}\n")) + $"  ({input.Words} words)");
}

/// <summary>A topic in, a formatted brief out.</summary>
[Workflow("briefing")]
[Step("briefer")]
[Step("formatter")]
public static partial class Briefing;
