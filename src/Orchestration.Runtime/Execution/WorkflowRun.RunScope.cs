using System;
using System.Linq;
using System.Collections.Generic;
using System.Threading;

namespace Orchestration;

// What a run tree shares, and how it is recorded and replayed.
public sealed partial class WorkflowRun
{
    /// <summary>What every run in one tree shares: id, services, options, registry, cancellation and the run timeout.</summary>
    private sealed class RunScope : IDisposable
    {
        private readonly CancellationTokenSource? _timeout;

        // When resuming: the recorded run's completed agent steps, and how often each step slot has been reached.
        private readonly Dictionary<string, StepRecord>? _replay;
        private readonly Dictionary<string, int>? _occurrences;

        public RunScope(
            IServiceProvider services,
            WorkflowRunOptions options,
            OrchestrationRegistry? registry,
            CancellationToken cancellationToken,
            string? resumedRunId = null,
            IReadOnlyList<StepRecord>? recordedSteps = null)
        {
            Services = services;
            Options = options;
            _registry = registry;
            RunId = resumedRunId ?? options.RunId ?? RunIds.New();
            if (recordedSteps is not null)
            {
                // Key: workflow path, step index and occurrence (a loop or a round runs the same step more than once).
                _replay = new Dictionary<string, StepRecord>(StringComparer.Ordinal);
                var seen = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var step in recordedSteps.Where(s => s.Kind == "agent" && s.Status == "completed"))
                {
                    var slot = step.Path + "#" + step.Index;
                    seen[slot] = seen.TryGetValue(slot, out var count) ? count + 1 : 1;
                    _replay[slot + "#" + seen[slot]] = step;
                }

                _occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            CallerToken = cancellationToken;
            if (options.Timeout is { } timeout)
            {
                _timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                _timeout.CancelAfter(timeout);
            }

            Token = _timeout?.Token ?? cancellationToken;
        }

        public string RunId { get; }

        public IServiceProvider Services { get; }

        public WorkflowRunOptions Options { get; }

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

        // Only the dynamic path needs the registry; generated runners never look it up.
        private OrchestrationRegistry? _registry;
        private bool _registryLookedUp;

        public CancellationToken CallerToken { get; }

        public CancellationToken Token { get; }

        public bool TimedOut => _timeout is { IsCancellationRequested: true } && !CallerToken.IsCancellationRequested;

        public void RecordStart(WorkflowDefinition workflow, object? input, Type inputType) =>
            Options.Store?.RunStarted(new RunRecord(
                RunId, workflow.Id, workflow.Strategy, "running", DateTimeOffset.UtcNow, null, ToJson(input, inputType),
                Array.Empty<StepRecord>(), Array.Empty<string>(), workflow.Fingerprint, workflow.Diagram));

        /// <summary>Whether this run resumes a recorded one.</summary>
        public bool Replaying => _replay is not null;

        /// <summary>
        /// Counts this call of step <paramref name="index"/> and, when the recorded run completed the same occurrence,
        /// restores its output. An output that cannot be read back is not restored: the step runs again.
        /// </summary>
        public bool TryRestore<T>(WorkflowRun run, int index, out StepRecord? recorded, out T output)
        {
            var slot = string.Join("/", run.Path) + "#" + index;
            int occurrence;
            lock (_occurrences!)
            {
                occurrence = _occurrences[slot] = _occurrences.TryGetValue(slot, out var count) ? count + 1 : 1;
            }

            output = default!;
            return _replay!.TryGetValue(slot + "#" + occurrence, out recorded) &&
                recorded.Output is { } json &&
                TryDeserialize(json, Options.RecordSerializer ?? Microsoft.Extensions.AI.AIJsonUtilities.DefaultOptions, out output);
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

        public void RecordStep(WorkflowRun run, StepResult result)
        {
            // Restored steps are already in the records of the run being resumed.
            if (Options.Store is not { } store || result.Restored)
            {
                return;
            }

            var output = result.Succeeded && result.Kind == StepKind.Agent ? ToJson(result.OutputValue, result.OutputValue?.GetType() ?? typeof(object)) : null;
            store.StepFinished(RunId, new StepRecord(
                string.Join("/", run.Path), result.Index, result.StepId, result.Kind == StepKind.Agent ? "agent" : "workflow",
                OrchestrationTelemetry.Status(result.Status), result.Duration.TotalMilliseconds, result.Attempts, result.Confidence,
                result.Usage, result.Cost, output, result.Error) { Log = result.Log });
        }

        public void RecordFinish(WorkflowResult result) =>
            Options.Store?.RunFinished(RunId, OrchestrationTelemetry.Status(result.Status), result.Errors);

        private string? ToJson(object? value, Type type)
        {
            if (value is null)
            {
                return "null";
            }

            try
            {
                var options = Options.RecordSerializer ?? Microsoft.Extensions.AI.AIJsonUtilities.DefaultOptions;
                return System.Text.Json.JsonSerializer.Serialize(value, options.GetTypeInfo(type));
            }
            catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or System.Text.Json.JsonException)
            {
                // No metadata for this type (a trimmed app without source-generated metadata): keep the record, without the value.
                return null;
            }
        }

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

        public void Dispose()
        {
            _timeout?.Dispose();
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
