using Microsoft.Extensions.AI;
using Orchestration;

namespace CodingLoop;

// Each provider step is a chat agent: it runs on whatever IChatClient the application registers. Here that is a
// coding-agent CLI driven through CommandLineChatClient (tools/fake-coder offline; `codex exec` or `claude -p` for real).

[AgentTemplate("designer", Role = "Designer", DefaultInstructions = "ROLE: designer. Describe what the requested shell function does, and list example cases as 'input -> output'.")]
public sealed class Designer(IChatClient chat) : ChatAgent<Feature, Design>(chat);

[AgentTemplate("planner", Role = "Planner", DefaultInstructions = "ROLE: planner. Turn the design into the file to write and the steps to implement it; keep the cases.")]
public sealed class Planner(IChatClient chat) : ChatAgent<Design, Plan>(chat);

[AgentTemplate("coder", Role = "Implementer", DefaultInstructions = "ROLE: coder. Write the file the plan names, as POSIX shell.")]
public sealed class Coder(IChatClient chat) : ChatAgent<Plan, Patch>(chat);

/// <summary>Fixes an implementation from the checks' output, which the refinement loop hands over.</summary>
[AgentTemplate("fixer", Role = "Fixer", DefaultInstructions = "ROLE: fixer. The checks failed on this file: change it so that they pass.")]
public sealed class Fixer(IChatClient chat) : ChatAgent<Patch, Patch>(chat)
{
    /// <inheritdoc />
    protected override string RenderPrompt(Patch input, AgentContext context)
    {
        var handoff = (RefinementHandoff?)context.Handoff;
        return base.RenderPrompt(input, context) + "\n\nWhat the checks said:\n" + handoff?.Critique.Feedback;
    }
}

/// <summary>
/// The checks, as a command step: writes the file into the run's workspace and runs tools/run-checks on it. Exit 0 is
/// an accepted critique, exit 1 a critique with the failures as feedback; anything else (the checks themselves broke)
/// fails the step.
/// </summary>
[AgentTemplate("checks", Role = "Runs the checks", TimeoutSeconds = 60)]
public sealed class Checks(Workspace workspace) : CommandAgent<Patch, Critique>
{
    /// <inheritdoc />
    protected override CommandLine Command(Patch input, AgentContext context)
    {
        var directory = workspace.For(context.RunId);
        File.WriteAllText(Path.Combine(directory, input.File), input.Code);
        return new CommandLine("sh", Path.Combine(AppContext.BaseDirectory, "tools", "run-checks"), directory) { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <inheritdoc />
    protected override bool Accepts(CommandResult result) => result.ExitCode is 0 or 1;

    /// <inheritdoc />
    protected override Critique Output(CommandResult result, AgentContext context) =>
        new(result.ExitCode == 0, result.StandardOutput.Trim());
}

/// <summary>Where each run's files are written: one directory per run.</summary>
public sealed class Workspace(string root)
{
    public string For(string runId) => Directory.CreateDirectory(Path.Combine(root, runId)).FullName;
}
