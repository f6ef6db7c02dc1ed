using System;
using System.IO;

namespace Orchestration.Generators.Tests;

/// <summary>
/// Generated text is a product surface: these files are compared character for character with the ones in
/// <c>Golden/</c>. After an intended change, run the tests with <c>ORCHESTRATION_UPDATE_GOLDEN=1</c> to rewrite them,
/// and review the diff like any other change.
/// </summary>
public sealed class GoldenTests
{
    private const string HouseStyle = GeneratorHarness.Usings + """
        namespace Newsroom;

        public sealed record Draft(string Title);
        public sealed record Decision(bool Approved);
        public sealed record Published(string Text);

        [AgentTemplate("drafter")]
        public sealed class Drafter : IAgent<string, Draft>
        {
            public ValueTask<Draft> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Draft(input));
        }

        [InputRequest("editor_approval", Description = "Approve the draft", DeadlineSeconds = 86400)]
        public sealed class EditorApproval : InputRequest<Draft, Decision>;

        [AgentTemplate("publisher")]
        public sealed class Publisher : IAgent<Answered<Draft, Decision>, Published>
        {
            public ValueTask<Published> RunAsync(Answered<Draft, Decision> input, AgentContext context, CancellationToken cancellationToken) =>
                ValueTask.FromResult(new Published(input.Request.Title));
        }

        [Workflow("house_style", Strategy = "prompt_cached_sequential", CachedContext = "Short sentences.", Description = "Draft, let it rest, get it approved, publish")]
        [Step("drafter")]
        [Step(DelaySeconds = 3600)]
        [Step(Until = nameof(NextMorning))]
        [Step(Await = "editor_approval")]
        [Step("publisher")]
        public static partial class HouseStyle
        {
            private static DateTimeOffset NextMorning(Draft draft) => DateTimeOffset.UtcNow.Date.AddDays(1).AddHours(9);
        }
        """;

    private const string Loops = GeneratorHarness.Usings + """
        using System.Collections.Generic;
        using System.Linq;

        namespace Build;

        public sealed record Plan(IReadOnlyList<string> Tasks);
        public sealed record Attempt(int Failures);

        [AgentTemplate("implementer")]
        public sealed class Implementer : IAgent<string, Attempt>
        {
            public ValueTask<Attempt> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Attempt(input.Length));
        }

        [AgentTemplate("fixer")]
        public sealed class Fixer : IAgent<Attempt, Attempt>
        {
            public ValueTask<Attempt> RunAsync(Attempt input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Attempt(input.Failures - 1));
        }

        [Workflow("implement_plan", Strategy = "for_each", Items = nameof(TasksOf), MaxParallelism = 2)]
        [Step("implementer")]
        public static partial class ImplementPlan
        {
            private static IEnumerable<string> TasksOf(Plan plan) => plan.Tasks;
        }

        [Workflow("fix_until_green", Strategy = "repeat_until", Until = nameof(Green), MaxIterations = 4)]
        [Step("fixer")]
        public static partial class FixUntilGreen
        {
            private static bool Green(Attempt attempt) => attempt.Failures <= 0;
        }
        """;

    [Fact]
    public void A_workflow_that_delays_and_waits() => AssertGolden(GeneratorHarness.RunClean(HouseStyle).Generated("Newsroom.HouseStyle.g.cs"), "Newsroom.HouseStyle.g.cs.txt");

    [Fact]
    public void A_for_each_over_an_items_method() => AssertGolden(GeneratorHarness.RunClean(Loops).Generated("Build.ImplementPlan.g.cs"), "Build.ImplementPlan.g.cs.txt");

    [Fact]
    public void A_repeat_until() => AssertGolden(GeneratorHarness.RunClean(Loops).Generated("Build.FixUntilGreen.g.cs"), "Build.FixUntilGreen.g.cs.txt");

    private static void AssertGolden(string actual, string fileName)
    {
        var path = Path.Combine(RepositoryRoot(), "tests", "Orchestration.Generators.Tests", "Golden", fileName);
        if (Environment.GetEnvironmentVariable("ORCHESTRATION_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"{path} does not exist; run the tests with ORCHESTRATION_UPDATE_GOLDEN=1 to write it");
        Assert.Equal(File.ReadAllText(path), actual);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Generators.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("Generators.sln not found");
    }
}
