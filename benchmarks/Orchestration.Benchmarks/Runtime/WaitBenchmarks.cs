using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Orchestration.Records;

namespace Orchestration.Benchmarks.Runtime;

/// <summary>
/// What a durable wait costs with the file store: a run of one step against the same run stopping at a wait after that
/// step (the difference is the wait: recording the request and the waiting status, and releasing the writer), and the
/// time from <c>RespondAsync</c> to the next step starting (claiming the run, checking and recording the response,
/// reading the input back and replaying the completed steps).
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Waits")]
[InvocationCount(32)]
public class WaitBenchmarks
{
    private readonly Queue<string> _waiting = new();
    private readonly List<Task> _continued = new();
    private string _root = null!;
    private FileRunStore _store = null!;
    private WorkflowDefinition<string, string> _oneStep = null!;
    private WorkflowDefinition<string, string> _stepThenWait = null!;
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "orchestration-bench-waits-" + Guid.NewGuid().ToString("N"));
        _store = new FileRunStore(_root);
        var draft = new AgentTemplate<string, string>("draft", "Writer", typeof(Draft), _ => new Draft());
        var publish = new AgentTemplate<Answered<string, bool>, string>("publish", "Publisher", typeof(Publish), _ => new Publish(this));
        var approval = new InputRequestDefinition<string, bool>("approval");
        _oneStep = new WorkflowDefinition<string, string>(
            "one_step",
            "sequential",
            [WorkflowStep.Agent("draft")],
            async (input, run, token) =>
            {
                var step = await run.RunAgentAsync(1, draft, input, token).ConfigureAwait(false);
                return step.Succeeded ? run.Complete(step.Output!) : run.Fail<string>(step);
            });
        _stepThenWait = new WorkflowDefinition<string, string>(
            "step_then_wait",
            "sequential",
            [WorkflowStep.Agent("draft"), WorkflowStep.Await(approval), WorkflowStep.Agent("publish")],
            async (input, run, token) =>
            {
                var drafted = await run.RunAgentAsync(1, draft, input, token).ConfigureAwait(false);
                if (!drafted.Succeeded)
                {
                    return run.Fail<string>(drafted);
                }

                var approved = await run.AwaitResponseAsync(2, approval, drafted.Output!, token).ConfigureAwait(false);
                if (!approved.Succeeded)
                {
                    return run.Fail<string>(approved);
                }

                var published = await run.RunAgentAsync(3, publish, approved.Output!, token).ConfigureAwait(false);
                return published.Succeeded ? run.Complete(published.Output!) : run.Fail<string>(published);
            });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>Leaves one waiting run per invocation of <see cref="RespondToNextStep"/>.</summary>
    [IterationSetup(Target = nameof(RespondToNextStep))]
    public void WaitingRuns()
    {
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (var i = 0; i < 32; i++)
        {
            var runId = "respond-" + _next++;
            var result = WorkflowRun.RunAsync(_stepThenWait, "text", options: new WorkflowRunOptions { RunId = runId, Store = _store }).AsTask().GetAwaiter().GetResult();
            if (result.Status != WorkflowStatus.Waiting)
            {
                throw new InvalidOperationException($"The run ended {result.Status} instead of waiting.");
            }

            _waiting.Enqueue(runId);
        }
    }

    /// <summary>Lets the continued runs finish (their last step waited on the gate), outside the measurement.</summary>
    [IterationCleanup(Target = nameof(RespondToNextStep))]
    public void FinishContinuedRuns()
    {
        _gate.SetResult();
        Task.WhenAll(_continued).GetAwaiter().GetResult();
        _continued.Clear();
    }

    [Benchmark(Baseline = true, Description = "run of one step, recorded")]
    public async Task<WorkflowStatus> OneStep() =>
        (await WorkflowRun.RunAsync(_oneStep, "text", options: new WorkflowRunOptions { RunId = "one-" + _next++, Store = _store }).ConfigureAwait(false)).Status;

    [Benchmark(Description = "same step, then stops at a wait")]
    public async Task<WorkflowStatus> StepThenWait() =>
        (await WorkflowRun.RunAsync(_stepThenWait, "text", options: new WorkflowRunOptions { RunId = "wait-" + _next++, Store = _store }).ConfigureAwait(false)).Status;

    /// <summary>
    /// Returns when the step after the wait has started: everything up to it runs synchronously in
    /// <c>RespondAsync</c>, and that step then waits on a gate the iteration opens afterwards.
    /// </summary>
    [Benchmark(Description = "RespondAsync until the next step starts")]
    public bool RespondToNextStep()
    {
        var pending = WorkflowRun.RespondAsync(_stepThenWait, _waiting.Dequeue(), true, null, new WorkflowRunOptions { Store = _store });
        _continued.Add(pending.AsTask());
        return pending.IsCompleted;
    }

    private sealed class Draft : IAgent<string, string>
    {
        public ValueTask<string> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) => new(input);
    }

    private sealed class Publish(WaitBenchmarks owner) : IAgent<Answered<string, bool>, string>
    {
        public async ValueTask<string> RunAsync(Answered<string, bool> input, AgentContext context, CancellationToken cancellationToken)
        {
            await owner._gate.Task.ConfigureAwait(false);
            return input.Request;
        }
    }
}
