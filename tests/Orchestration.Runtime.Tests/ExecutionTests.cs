using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace Orchestration.Runtime.Tests;

public sealed class ExecutionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static OrchestrationRegistry Registry(params AgentTemplate[] templates)
    {
        var registry = new OrchestrationRegistry();
        foreach (var template in templates)
        {
            registry.Templates.Register(template);
        }

        return registry;
    }

    [Fact]
    public async Task Sequential_feeds_each_output_to_the_next_step_and_records_every_step()
    {
        var registry = Registry(
            TestAgents.Sync<string, int>("length", s => s.Length),
            TestAgents.Template<int, string>("stars", (n, context, _) =>
            {
                context.Confidence = 0.9;
                return ValueTask.FromResult(new string('*', n));
            }));
        registry.Workflows.Register(new WorkflowDefinition("stars_for_length", "sequential", [WorkflowStep.Agent("length"), WorkflowStep.Agent("stars")]));

        var result = await registry.RunAsync("stars_for_length", "abcd", options: new WorkflowRunOptions { RunId = "run-1" });

        Assert.Equal(WorkflowStatus.Completed, result.Status);
        Assert.Equal("****", result.Output);
        Assert.Equal("run-1", result.RunId);
        Assert.Equal(["length", "stars"], result.Steps.Select(s => s.StepId));
        Assert.Equal([1, 2], result.Steps.Select(s => s.Index));
        Assert.All(result.Steps, s => Assert.True(s.Succeeded));
        Assert.Equal(4, ((StepResult<int>)result.Steps[0]).Output);
        Assert.Equal(0.9, result.Steps[1].Confidence);
        Assert.Null(result.FailedStep);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task Sequential_stops_at_the_first_failure_and_never_reports_success()
    {
        var ranThird = false;
        var registry = Registry(
            TestAgents.Sync<string, string>("first", s => s + "1"),
            TestAgents.Sync<string, string>("second", _ => throw new InvalidOperationException("disk full")),
            TestAgents.Sync<string, string>("third", s =>
            {
                ranThird = true;
                return s;
            }));
        registry.Workflows.Register(new WorkflowDefinition("w", "sequential", new[] { "first", "second", "third" }.Select(WorkflowStep.Agent)));

        var result = await registry.RunAsync("w", "x");

        Assert.Equal(WorkflowStatus.Failed, result.Status);
        Assert.False(result.Succeeded);
        Assert.False(ranThird);
        Assert.Equal(2, result.Steps.Count);
        Assert.Equal("second", result.FailedStep!.StepId);
        Assert.Equal("InvalidOperationException: disk full", result.FailedStep.Error);
        Assert.IsType<InvalidOperationException>(result.FailedStep.Exception);
        Assert.Equal(["step 2 'second': InvalidOperationException: disk full"], result.Errors);
        var ex = Assert.Throws<WorkflowFailedException>(() => result.Output);
        Assert.StartsWith("Workflow 'w' (run ", ex.Message);
        Assert.Contains("failed at step 2 'second', so it has no output: step 2 'second': InvalidOperationException: disk full.", ex.Message);
        Assert.False(result.TryGetOutput(out _));
    }

    [Fact]
    public async Task Parallel_steps_really_overlap()
    {
        var started = 0;
        var allStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async ValueTask<int> Agent(string input, AgentContext context, CancellationToken token)
        {
            if (Interlocked.Increment(ref started) == 3)
            {
                allStarted.SetResult();
            }

            // Each step waits until all three have started: only concurrent execution can finish.
            await allStarted.Task.WaitAsync(Patience, token);
            return context.StepIndex;
        }

        var registry = Registry(
            TestAgents.Template<string, int>("a", Agent),
            TestAgents.Template<string, int>("b", Agent),
            TestAgents.Template<string, int>("c", Agent));
        registry.Workflows.Register(new WorkflowDefinition("fan", "parallel", new[] { "a", "b", "c" }.Select(WorkflowStep.Agent)));

        var result = await registry.RunAsync("fan", "go");

        Assert.Equal(WorkflowStatus.Completed, result.Status);
        Assert.Equal(new object?[] { 1, 2, 3 }, (object?[])result.Output!);
    }

    [Fact]
    public async Task Parallel_results_keep_declaration_order_whatever_the_completion_order()
    {
        static AgentTemplate Slow(string id, int delayMs) =>
            TestAgents.Template<string, string>(id, async (s, _, token) =>
            {
                await Task.Delay(delayMs, token);
                return id;
            });

        var registry = Registry(Slow("slowest", 150), Slow("middle", 50), Slow("fastest", 0));
        registry.Workflows.Register(new WorkflowDefinition("fan", "parallel", new[] { "slowest", "middle", "fastest" }.Select(WorkflowStep.Agent)));

        var result = await registry.RunAsync("fan", "go");

        Assert.Equal(new object?[] { "slowest", "middle", "fastest" }, (object?[])result.Output!);
        Assert.Equal(["slowest", "middle", "fastest"], result.Steps.Select(s => s.StepId));
    }

    [Fact]
    public async Task Fail_fast_cancels_running_siblings_and_reports_the_real_cause()
    {
        // The run stops waiting as soon as the sibling's token is cancelled; the sibling's own catch may run a moment later.
        var siblingSawCancellation = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registry = Registry(
            TestAgents.Template<string, string>("breaks", async (_, _, _) =>
            {
                await Task.Delay(20);
                throw new InvalidOperationException("boom");
            }),
            TestAgents.Template<string, string>("waits", async (_, _, token) =>
            {
                try
                {
                    await Task.Delay(Patience, token);
                    return "finished";
                }
                catch (OperationCanceledException)
                {
                    siblingSawCancellation.SetResult();
                    throw;
                }
            }));
        registry.Workflows.Register(new WorkflowDefinition("fan", "parallel", new[] { "breaks", "waits" }.Select(WorkflowStep.Agent)));

        var stopwatch = Stopwatch.StartNew();
        var result = await registry.RunAsync("fan", "go");

        Assert.True(stopwatch.Elapsed < Patience);
        await siblingSawCancellation.Task.WaitAsync(Patience);
        Assert.Equal(WorkflowStatus.Failed, result.Status);
        Assert.Equal("breaks", result.FailedStep!.StepId);
        Assert.Equal(StepStatus.Cancelled, result.Steps.Single(s => s.StepId == "waits").Status);
        Assert.Equal("step 1 'breaks': InvalidOperationException: boom", result.Errors[0]);
    }

    [Fact]
    public async Task Continue_on_error_lets_siblings_finish_but_the_run_still_fails()
    {
        var registry = Registry(
            TestAgents.Sync<string, string>("breaks", _ => throw new InvalidOperationException("boom")),
            TestAgents.Template<string, string>("finishes", async (s, _, token) =>
            {
                await Task.Delay(50, token);
                return s + "!";
            }));
        registry.Workflows.Register(new WorkflowDefinition("fan", "parallel", new[] { "breaks", "finishes" }.Select(WorkflowStep.Agent)));

        var result = await registry.RunAsync("fan", "go", options: new WorkflowRunOptions { FailurePolicy = FailurePolicy.ContinueOnError });

        Assert.Equal(WorkflowStatus.Failed, result.Status);
        var finished = Assert.IsType<StepResult<string>>(result.Steps.Single(s => s.StepId == "finishes"));
        Assert.Equal(StepStatus.Completed, finished.Status);
        Assert.Equal("go!", finished.Output);
    }

    [Fact]
    public async Task Max_degree_of_parallelism_bounds_concurrent_steps()
    {
        var running = 0;
        var peak = 0;
        async ValueTask<int> Agent(int input, AgentContext context, CancellationToken token)
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Delay(20, token);
            Interlocked.Decrement(ref running);
            return input;
        }

        var ids = Enumerable.Range(1, 6).Select(i => $"a{i}").ToArray();
        var registry = Registry(ids.Select(id => (AgentTemplate)TestAgents.Template<int, int>(id, Agent)).ToArray());
        registry.Workflows.Register(new WorkflowDefinition("fan", "parallel", ids.Select(WorkflowStep.Agent)));

        var result = await registry.RunAsync("fan", 7, options: new WorkflowRunOptions { MaxDegreeOfParallelism = 2 });

        Assert.True(result.Succeeded);
        Assert.Equal(2, peak);
    }

    [Fact]
    public async Task A_hung_agent_is_left_when_its_template_timeout_passes()
    {
        var registry = Registry(TestAgents.Template<string, string>(
            "hangs",
            (_, _, _) => new ValueTask<string>(new TaskCompletionSource<string>().Task),
            timeoutSeconds: 1));
        registry.Workflows.Register(new WorkflowDefinition("w", "sequential", [WorkflowStep.Agent("hangs")]));

        var stopwatch = Stopwatch.StartNew();
        var result = await registry.RunAsync("w", "x");

        Assert.True(stopwatch.Elapsed < Patience, $"took {stopwatch.Elapsed}");
        Assert.Equal(WorkflowStatus.TimedOut, result.Status);
        Assert.Equal(StepStatus.TimedOut, result.FailedStep!.Status);
        Assert.Equal(
            "agent 'hangs' did not finish within its timeout of 1 s; the run stopped waiting for it (an agent that ignores its cancellation token is abandoned, still running, not stopped)",
            result.FailedStep.Error);
    }

    [Fact]
    public async Task The_run_timeout_stops_the_run_and_reaches_the_agent()
    {
        var agentToken = CancellationToken.None;
        var registry = Registry(TestAgents.Template<string, string>("slow", async (s, _, token) =>
        {
            agentToken = token;
            await Task.Delay(Patience, token);
            return s;
        }));
        registry.Workflows.Register(new WorkflowDefinition("w", "sequential", [WorkflowStep.Agent("slow")]));

        var result = await registry.RunAsync("w", "x", options: new WorkflowRunOptions { Timeout = TimeSpan.FromMilliseconds(100) });

        Assert.Equal(WorkflowStatus.TimedOut, result.Status);
        Assert.True(agentToken.IsCancellationRequested);
        Assert.Equal("the run timed out after 0.1 s", result.FailedStep!.Error);
    }

    [Fact]
    public async Task Cancelling_the_caller_token_cancels_the_run()
    {
        using var cancellation = new CancellationTokenSource();
        var registry = Registry(TestAgents.Template<string, string>("slow", async (s, _, token) =>
        {
            cancellation.Cancel();
            await Task.Delay(Patience, token);
            return s;
        }));
        registry.Workflows.Register(new WorkflowDefinition("w", "sequential", [WorkflowStep.Agent("slow")]));

        var result = await registry.RunAsync("w", "x", cancellationToken: cancellation.Token);

        Assert.Equal(WorkflowStatus.Cancelled, result.Status);
        Assert.Equal("cancelled before it finished", result.FailedStep!.Error);
    }

    [Fact]
    public async Task Nested_workflows_run_inside_the_parent_and_report_their_own_steps()
    {
        var registry = Registry(
            TestAgents.Sync<string, string>("upper", s => s.ToUpperInvariant()),
            TestAgents.Sync<string, int>("length", s => s.Length));
        registry.Workflows.Register(new WorkflowDefinition("shout", "sequential", [WorkflowStep.Agent("upper")]));
        registry.Workflows.Register(new WorkflowDefinition("outer", "nested_sequential", [WorkflowStep.Workflow("shout"), WorkflowStep.Agent("length")]));

        var result = await registry.RunAsync("outer", "hello");

        Assert.Equal(5, result.Output);
        var nested = result.Steps[0];
        Assert.Equal(StepKind.Workflow, nested.Kind);
        Assert.Equal("HELLO", nested.OutputValue);
        Assert.Equal("shout", nested.Nested!.WorkflowId);
        Assert.Equal(result.RunId, nested.Nested.RunId);
        Assert.Equal("upper", Assert.Single(nested.Nested.Steps).StepId);
    }

    [Fact]
    public async Task Nested_runs_exactly_one_referenced_workflow()
    {
        var registry = Registry(TestAgents.Sync<string, string>("upper", s => s.ToUpperInvariant()));
        registry.Workflows.Register(new WorkflowDefinition("shout", "sequential", [WorkflowStep.Agent("upper")]));
        registry.Workflows.Register(new WorkflowDefinition("wrapper", "nested", [WorkflowStep.Workflow("shout")]));

        var result = await registry.RunAsync("wrapper", "hi");

        Assert.Equal("HI", result.Output);
        Assert.Equal("shout", Assert.Single(result.Steps).Nested!.WorkflowId);

        var agent = Assert.Throws<ArgumentException>(() =>
            registry.Workflows.Register(new WorkflowDefinition("bad", "nested", [WorkflowStep.Agent("upper")])));
        Assert.StartsWith("Workflow 'bad' uses strategy 'nested', which runs one referenced workflow, but step 1 is an agent; use WorkflowStep.Workflow(id), or the sequential strategy to run agents.", agent.Message);
    }

    [Fact]
    public async Task Run_time_nesting_enforces_the_depth_limit_in_the_builds_words()
    {
        var leaf = TestAgents.Sync<int, int>("inc", n => n + 1);
        WorkflowDefinition<int, int> Level(string id, WorkflowDefinition<int, int>? inner) => new(
            id,
            "nested_sequential",
            [inner is null ? WorkflowStep.Agent("inc") : WorkflowStep.Workflow(inner.Id)],
            async (input, run, token) =>
            {
                var step = inner is null
                    ? await run.RunAgentAsync(1, leaf, input, token)
                    : await run.RunWorkflowAsync(1, inner, input, token);
                return step.Succeeded ? run.Complete(step.Output) : run.Fail<int>(step);
            });

        var e = Level("e", null);
        var top = Level("a", Level("b", Level("c", Level("d", e))));

        var result = await WorkflowRun.RunAsync(top, 0);

        Assert.Equal(WorkflowStatus.Failed, result.Status);
        var innermost = result.FailedStep!;
        while (innermost.Nested?.FailedStep is { } deeper)
        {
            innermost = deeper;
        }

        Assert.Equal("Workflow 'a' nests 4 levels deep (a → b → c → d → e); the limit is 3 (its own MaxDepth). Flatten the chain or raise MaxDepth.", innermost.Error);
        Assert.IsType<WorkflowNestingException>(innermost.Exception);
        Assert.Equal(1, (await WorkflowRun.RunAsync(Level("x", Level("y", Level("z", e))), 0)).Output);
    }

    [Fact]
    public async Task Run_time_nesting_detects_cycles_in_the_builds_words()
    {
        WorkflowDefinition<int, int>? loop = null;
        loop = new WorkflowDefinition<int, int>(
            "loop",
            "nested_sequential",
            [WorkflowStep.Workflow("loop")],
            async (input, run, token) =>
            {
                var step = await run.RunWorkflowAsync(1, loop!, input, token);
                return step.Succeeded ? run.Complete(step.Output) : run.Fail<int>(step);
            },
            maxDepth: 10);

        var result = await WorkflowRun.RunAsync(loop, 1);

        Assert.Equal("Workflow 'loop' is part of a reference cycle: loop → loop; a workflow cannot run itself, directly or through others", result.FailedStep!.Error);
    }

    [Fact]
    public async Task An_agent_whose_dependencies_are_missing_fails_its_step_with_a_clear_message()
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(new AgentTemplate<string, string>(
            "needs_service", "role", typeof(TestAgents.DelegateAgent<string, string>),
            services => services.GetRequiredService<TestAgents.DelegateAgent<string, string>>()));
        registry.Workflows.Register(new WorkflowDefinition("w", "sequential", [WorkflowStep.Agent("needs_service")]));

        var result = await registry.RunAsync("w", "x");

        Assert.Equal(WorkflowStatus.Failed, result.Status);
        Assert.StartsWith("InvalidOperationException: Could not create agent 'needs_service'", result.FailedStep!.Error);
        Assert.EndsWith("Register its dependencies in the service collection passed to the run.", result.FailedStep.Error);
    }

    [Fact]
    public async Task Confidence_outside_zero_to_one_fails_the_step()
    {
        var registry = Registry(TestAgents.Template<string, string>("overconfident", (s, context, _) =>
        {
            context.Confidence = 1.5;
            return ValueTask.FromResult(s);
        }));
        registry.Workflows.Register(new WorkflowDefinition("w", "sequential", [WorkflowStep.Agent("overconfident")]));

        var result = await registry.RunAsync("w", "x");

        Assert.Contains("Confidence must be between 0 and 1.", result.FailedStep!.Error);
    }

    [Fact]
    public async Task The_dynamic_path_refuses_an_input_of_the_wrong_type()
    {
        var registry = Registry(TestAgents.Sync<string, int>("length", s => s.Length));
        registry.Workflows.Register(new WorkflowDefinition("w", "sequential", [WorkflowStep.Agent("length")]));

        var ex = await Assert.ThrowsAsync<ArgumentException>(async () => await registry.RunAsync("w", 42));

        Assert.StartsWith("Template 'length' takes System.String but was given System.Int32.", ex.Message);
    }

    [Fact]
    public async Task Progress_receives_every_step_as_it_finishes()
    {
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var registry = Registry(TestAgents.Sync<string, string>("a", s => s), TestAgents.Sync<string, string>("b", s => s));
        registry.Workflows.Register(new WorkflowDefinition("w", "sequential", [WorkflowStep.Agent("a"), WorkflowStep.Agent("b")]));

        await registry.RunAsync("w", "x", options: new WorkflowRunOptions { Progress = new Collect(seen) });

        Assert.Equal(["a", "b"], seen);
    }

    [Fact]
    public async Task New_run_ids_sort_by_start_time_are_distinct_and_valid_as_run_ids()
    {
        var registry = Registry(TestAgents.Sync<string, int>("length", s => s.Length));
        registry.Workflows.Register(new WorkflowDefinition("measure", "sequential", [WorkflowStep.Agent("length")]));
        var before = DateTime.UtcNow;

        var ids = new string[500];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = (await registry.RunAsync("measure", "abc")).RunId;
        }

        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[0-9]{8}T[0-9]{9}-[0-9a-f]{12}$", id));
        Assert.All(ids, id => Assert.Equal(id, new WorkflowRunOptions { RunId = id }.RunId));
        var first = DateTime.ParseExact(ids[0][..18], "yyyyMMdd'T'HHmmssfff", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.InRange(first, before.AddMilliseconds(-1), DateTime.UtcNow);
        Assert.Equal(ids.Select(id => id[..18]).Order(StringComparer.Ordinal), ids.Select(id => id[..18]));
    }

    [Fact]
    public void Run_options_refuse_invalid_values()
    {
        Assert.Throws<ArgumentException>(() => new WorkflowRunOptions { RunId = "../escape" });
        Assert.Throws<ArgumentException>(() => new WorkflowRunOptions { RunId = "" });
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkflowRunOptions { Timeout = TimeSpan.Zero });
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkflowRunOptions { MaxDegreeOfParallelism = 0 });
        Assert.Equal("20261121T000000000-abc_1.x", new WorkflowRunOptions { RunId = "20261121T000000000-abc_1.x" }.RunId);
    }

    [Fact]
    public void Dependency_injection_builds_one_registry_from_every_contribution()
    {
        using var services = new ServiceCollection()
            .AddOrchestrationRegistry((registry, _) => registry.Templates.Register(TestAgents.Sync<string, string>("a", s => s)))
            .AddOrchestrationRegistry((registry, _) => registry.Workflows.Register(new WorkflowDefinition("w", "sequential", [WorkflowStep.Agent("a")])))
            .BuildServiceProvider();

        var registry = services.GetRequiredService<OrchestrationRegistry>();

        Assert.Same(registry.Templates, services.GetRequiredService<TemplateRegistry>());
        Assert.Same(registry.Workflows, services.GetRequiredService<WorkflowRegistry>());
        Assert.Equal("w", Assert.Single(registry.Workflows.All).Id);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private sealed class Collect(System.Collections.Concurrent.ConcurrentQueue<string> seen) : IProgress<StepResult>
    {
        public void Report(StepResult value) => seen.Enqueue(value.StepId);
    }
}
