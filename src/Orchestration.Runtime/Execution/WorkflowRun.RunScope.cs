using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Orchestration.Records;
using Orchestration.Telemetry;

namespace Orchestration;

// What a run tree shares, how it is recorded, and how a continued run replays what its records hold.
public sealed partial class WorkflowRun
{
    /// <summary>
    /// What every run in one tree shares: id, services, options, registry, cancellation, the run timeout, and the claim
    /// through which the run's records are written.
    /// </summary>
    private sealed class RunScope : IDisposable
    {
        // Linked to the caller's token; cancelled by the run timeout, or when the store fails (steps that cannot be
        // recorded must not run on).
        private readonly CancellationTokenSource? _limit;
        private readonly IRunClaim? _claim;

        // The run's deadline as a Stopwatch timestamp; 0 without a timeout.
        private readonly long _deadline;

        // When continuing a recorded run: its finished steps by slot and occurrence, and how often each slot was reached.
        private readonly Dictionary<string, StepRecord>? _replay;
        private Dictionary<string, int>? _occurrences;
        private Exception? _storeFailure;

        public RunScope(
            IServiceProvider services,
            WorkflowRunOptions options,
            OrchestrationRegistry? registry,
            CancellationToken cancellationToken,
            string runId,
            IRunClaim? claim,
            RunRecord? continued = null)
        {
            Services = services;
            Options = options;
            _registry = registry;
            RunId = runId;
            _claim = claim;
            if (continued is not null)
            {
                // Key: workflow path, step index and occurrence (a loop or a round runs the same step more than once).
                _replay = new Dictionary<string, StepRecord>(StringComparer.Ordinal);
                var seen = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var step in continued.Steps.Where(s => s.Kind is "agent" or "wait" or "timer" && s.Status == "completed"))
                {
                    var slot = step.Path + "#" + step.Index;
                    seen[slot] = seen.TryGetValue(slot, out var count) ? count + 1 : 1;
                    _replay[slot + "#" + seen[slot]] = step;
                }

                _occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
                PendingWait = continued.Wait;
            }

            CallerToken = cancellationToken;
            if (options.Timeout is not null || claim is not null)
            {
                _limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                if (options.Timeout is { } timeout)
                {
                    _limit.CancelAfter(timeout);
                    _deadline = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
                }
            }

            Token = _limit?.Token ?? cancellationToken;
        }

        public string RunId { get; }

        public IServiceProvider Services { get; }

        public WorkflowRunOptions Options { get; }

        /// <summary>Whether the run's records are written (through a claim of its store).</summary>
        public bool IsRecorded => _claim is not null;

        /// <summary>The registry: the one the run was started with, else the services' (looked up once, when first needed).</summary>
        public OrchestrationRegistry? Registry
        {
            get
            {
                if (_registry is null && !_registryLookedUp)
                {
                    _registry = Services.GetService(typeof(OrchestrationRegistry)) as OrchestrationRegistry;
                    _registryLookedUp = true;
                }

                return _registry;
            }
        }

        /// <summary>The application's overrides of template <paramref name="templateId"/>, if any (options looked up once per run).</summary>
        public TemplateOptions? Overrides(string templateId)
        {
            if (!_configurationLookedUp)
            {
                _configuration = OrchestrationOptions.From(Services);
                _configurationLookedUp = true;
            }

            return _configuration?.For(templateId);
        }

        private OrchestrationOptions? _configuration;
        private bool _configurationLookedUp;

        // Only the dynamic path needs the registry; generated runners never look it up.
        private OrchestrationRegistry? _registry;
        private bool _registryLookedUp;

        public CancellationToken CallerToken { get; }

        public CancellationToken Token { get; }

        public bool TimedOut => (_limit is { IsCancellationRequested: true } || PastDeadline) && !CallerToken.IsCancellationRequested && _storeFailure is null;

        /// <summary>
        /// Whether the run's timeout has passed by the clock, even if the timer that cancels its token has not run yet
        /// (its callback waits for a thread-pool thread, which a blocking agent may be holding).
        /// </summary>
        public bool PastDeadline => _deadline != 0 && System.Diagnostics.Stopwatch.GetTimestamp() >= _deadline;

        /// <summary>Whether this run continues a recorded one (resume, respond, recovery).</summary>
        public bool Replaying => _replay is not null;

        /// <summary>What the continued run was waiting for when it was continued, if anything: its deadline or due time is kept.</summary>
        public RunWait? PendingWait { get; }

        /// <summary>What a step of this run is now waiting for; set when the step suspends the run.</summary>
        public RunWait? Suspended { get; private set; }

        /// <summary>What inputs and outputs are written into, and read back from, the run's records with.</summary>
        public System.Text.Json.JsonSerializerOptions RecordOptions => Options.EffectiveRecordSerializer;

        /// <summary>
        /// Counts this arrival at step <paramref name="index"/> of <paramref name="run"/>, and returns the step's slot
        /// (workflow path and index) and which occurrence this is. Agent steps are counted only when replaying (the
        /// records of a first run are in order already); waits and timers always, as their records name the occurrence.
        /// </summary>
        public (string Slot, int Occurrence) Reach(WorkflowRun run, int index)
        {
            var slot = string.Join("/", run.Path) + "#" + index;
            var occurrences = LazyInitializer.EnsureInitialized(ref _occurrences, static () => new Dictionary<string, int>(StringComparer.Ordinal));
            lock (occurrences)
            {
                var occurrence = occurrences[slot] = occurrences.TryGetValue(slot, out var count) ? count + 1 : 1;
                return (slot, occurrence);
            }
        }

        /// <summary>The completed record of this occurrence of a step, when the run being continued has one.</summary>
        public StepRecord? Recorded(string slot, int occurrence) =>
            _replay is not null && _replay.TryGetValue(slot + "#" + occurrence, out var recorded) ? recorded : null;

        /// <summary>
        /// Counts this call of step <paramref name="index"/> and, when the recorded run completed the same occurrence,
        /// restores its output. An output that cannot be read back is not restored: the step runs again.
        /// </summary>
        public bool TryRestore<T>(WorkflowRun run, int index, out StepRecord? recorded, out T output)
        {
            var (slot, occurrence) = Reach(run, index);
            output = default!;
            recorded = Recorded(slot, occurrence);
            return recorded is { Kind: "agent", Output: { } json } && TryDeserialize(json, RecordOptions, out output);
        }

        public static bool TryDeserialize<T>(string json, System.Text.Json.JsonSerializerOptions options, out T value)
        {
            try
            {
                value = System.Text.Json.JsonSerializer.Deserialize(json, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)))!;
                return true;
            }
            catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or System.Text.Json.JsonException or InvalidCastException)
            {
                value = default!;
                return false;
            }
        }

        /// <summary>The step suspends the run: it will be recorded as waiting for <paramref name="wait"/> when it unwinds.</summary>
        public void Suspend(RunWait wait) => Suspended = wait;

        public void StepStarted(WorkflowRun run, int index, string stepId, StepKind kind)
        {
            if (_claim is null || _storeFailure is not null)
            {
                return;
            }

            try
            {
                _claim.StepStarted(string.Join("/", run.Path), index, stepId, kind);
            }
            catch (Exception ex)
            {
                StoreFailed(ex);
            }
        }

        public void RecordStep(WorkflowRun run, StepResult result)
        {
            // Restored steps are already in the records; a waiting step is not finished; a wait's answer is written by the wait.
            if (_claim is null || result.Restored || result.Written || result.Status == StepStatus.Waiting || _storeFailure is not null)
            {
                return;
            }

            var output = result.Succeeded && result.Kind == StepKind.Agent ? ToJson(result.OutputValue, result.OutputValue?.GetType() ?? typeof(object)) : null;
            Write(new StepRecord(
                string.Join("/", run.Path), result.Index, result.StepId, KindName(result.Kind),
                OrchestrationTelemetry.Status(result.Status), result.Duration.TotalMilliseconds, result.Attempts, result.Confidence,
                result.Usage, result.Cost, output, result.Error) { Log = result.Log });
        }

        /// <summary>Records a finished step as given (a wait's answer carries its request and response).</summary>
        public void Write(StepRecord step)
        {
            if (_claim is null || _storeFailure is not null)
            {
                return;
            }

            try
            {
                _claim.StepFinished(step);
            }
            catch (Exception ex)
            {
                StoreFailed(ex);
            }
        }

        /// <summary>
        /// Records how the run ended (or that it waits) and releases the claim. When the store failed during the run, the
        /// run is recorded as failed with the store's error first (the returned result says so too); when even that
        /// cannot be written, the claim is released and a <see cref="RunStoreException"/> says what happened.
        /// </summary>
        public WorkflowResult Finish(WorkflowResult result)
        {
            if (_claim is null)
            {
                return result;
            }

            var status = OrchestrationTelemetry.Status(result.Status);
            if (_storeFailure is { } failure)
            {
                result = result.WithFailure(RunRecord.StoreFailurePrefix + failure.Message);
                status = "failed";
            }

            try
            {
                if (result.Status == WorkflowStatus.Waiting && Suspended is { } wait)
                {
                    _claim.Suspend(wait);
                }
                else if (result.Status == WorkflowStatus.Waiting)
                {
                    _claim.Finish("failed", new[] { "the run reported that it waits, but no step recorded what for" });
                }
                else
                {
                    _claim.Finish(status, result.Errors, result.Succeeded ? ToJson(result.OutputValue, result.OutputValue?.GetType() ?? typeof(object)) : null);
                }
            }
            catch (Exception ex)
            {
                _claim.Dispose();
                throw new RunStoreException(
                    $"Run '{RunId}' {(_storeFailure is null ? "ended " + status : "stopped because its store failed (" + _storeFailure.Message + ")")}, " +
                    $"but its store could not record that: {ex.Message} Its record is as last written, so it can be continued (ResumeAsync, or the recovery service) once the store works again.",
                    RunId,
                    ex);
            }

            return result;
        }

        /// <summary>Records that the run threw (a hand-written workflow or strategy): a continued run would throw again.</summary>
        public void Threw(Exception exception)
        {
            if (_claim is null)
            {
                return;
            }

            try
            {
                _claim.Finish("failed", new[] { $"the workflow threw {exception.GetType().Name}: {exception.Message}" });
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _claim.Dispose();
            }
        }

        public string? ToJson(object? value, Type type) => RecordedJson(value, type, Options);

        private void StoreFailed(Exception exception)
        {
            if (Interlocked.CompareExchange(ref _storeFailure, exception, null) is null)
            {
                // Steps whose results cannot be recorded must not go on: the run stops, and is recorded as failed if it can be.
                _limit?.Cancel();
            }
        }

        internal static string KindName(StepKind kind) => kind switch
        {
            StepKind.Agent => "agent",
            StepKind.Workflow => "workflow",
            StepKind.Wait => "wait",
            _ => "timer",
        };

        /// <summary>
        /// A source for one agent attempt's timeout, linked to <paramref name="parent"/>. Sources are reused between the
        /// steps of a run (reset after each), since creating a linked source and its timer per step dominated the
        /// engine's cost; concurrent steps each get their own.
        /// </summary>
        public Limit RentLimit(CancellationToken parent)
        {
            var spare = Interlocked.Exchange(ref _spare, null);
            if (spare is not null && spare.Parent == parent)
            {
                return spare;
            }

            spare?.Source.Dispose();
            return new Limit(CancellationTokenSource.CreateLinkedTokenSource(parent), parent);
        }

        /// <summary>Returns a source after its step: kept for the next step when it can be reset, disposed otherwise.</summary>
        public void ReturnLimit(Limit lease)
        {
            if (!lease.Source.TryReset())
            {
                lease.Source.Dispose();
                return;
            }

            Interlocked.Exchange(ref _spare, lease)?.Source.Dispose();
        }

        /// <summary>Releases the claim if the run did not (it threw, or the caller gave up): the record stays as last written.</summary>
        public void Dispose()
        {
            _claim?.Dispose();
            _limit?.Dispose();
            Interlocked.Exchange(ref _spare, null)?.Source.Dispose();
        }

        private Limit? _spare;

        /// <summary>A timeout source and the token it is linked to.</summary>
        public sealed class Limit
        {
            public Limit(CancellationTokenSource source, CancellationToken parent)
            {
                Source = source;
                Parent = parent;
            }

            public CancellationTokenSource Source { get; }

            public CancellationToken Parent { get; }
        }
    }
}
