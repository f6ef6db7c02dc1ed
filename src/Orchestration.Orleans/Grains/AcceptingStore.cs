using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Records;

namespace Orchestration.Orleans;

/// <summary>
/// The run store as one execution in a grain sees it: every call goes to the shared store, and <see cref="Accepted"/>
/// completes at the moment the run is taken on: created (a new run), or told to continue under its claim (after a
/// response was recorded, or for a recovery or a due timer). A grain call returns then, while the run goes on.
/// </summary>
internal sealed class AcceptingStore : IRunStore
{
    private readonly IRunStore _inner;
    private readonly TaskCompletionSource _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AcceptingStore(IRunStore inner) => _inner = inner;

    /// <summary>Completes when the run was created or continues.</summary>
    public Task Accepted => _accepted.Task;

    public IRunClaim Create(RunRecord record)
    {
        var claim = _inner.Create(record);
        _accepted.TrySetResult();
        return claim;
    }

    public IRunClaim Claim(string runId) => new Accepting(_inner.Claim(runId), _accepted);

    public RunRecord Load(string runId) => _inner.Load(runId);

    public IReadOnlyList<StoredRun> List() => _inner.List();

    public IReadOnlyList<StepRecord> ReadSteps(string runId) => _inner.ReadSteps(runId);

    public IReadOnlyList<RunEvent> ReadEvents(string runId, long afterSequence = 0) => _inner.ReadEvents(runId, afterSequence);

    public IAsyncEnumerable<RunEvent> FollowAsync(string runId, long afterSequence = 0, CancellationToken cancellationToken = default) =>
        _inner.FollowAsync(runId, afterSequence, cancellationToken);

    private sealed class Accepting : IRunClaim
    {
        private readonly IRunClaim _inner;
        private readonly TaskCompletionSource _accepted;

        public Accepting(IRunClaim inner, TaskCompletionSource accepted)
        {
            _inner = inner;
            _accepted = accepted;
        }

        public string RunId => _inner.RunId;

        public RunRecord Record => _inner.Record;

        public RunHolder Holder => _inner.Holder;

        public RunHolder? TakenOverFrom => _inner.TakenOverFrom;

        public void Continue(string reason)
        {
            _inner.Continue(reason);
            _accepted.TrySetResult();
        }

        public void StepStarted(string path, int index, string stepId, StepKind kind) => _inner.StepStarted(path, index, stepId, kind);

        public void StepFinished(StepRecord step) => _inner.StepFinished(step);

        public void Responded(StepRecord answer) => _inner.Responded(answer);

        public void Suspend(RunWait wait) => _inner.Suspend(wait);

        public void Finish(string status, IReadOnlyList<string> errors, string? output = null) => _inner.Finish(status, errors, output);

        public void Dispose() => _inner.Dispose();
    }
}
