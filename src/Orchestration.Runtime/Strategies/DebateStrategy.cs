using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration.Strategies;

/// <summary>
/// <c>debate</c> on the dynamic path: every step is a participant, except a last step that takes a
/// <see cref="DebateTranscript{TPosition}"/> of <c>object?</c>, which judges.
/// </summary>
public sealed class DebateStrategy : ExecutionStrategy
{
    private readonly int _rounds;

    /// <summary>Creates the strategy with a number of rounds (default 2).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 1 round.</exception>
    public DebateStrategy(int rounds = Debate.DefaultRounds)
    {
        _rounds = StrategyArguments.AtLeastOne(rounds, "A debate needs at least 1 round.", nameof(rounds));
    }

    /// <inheritdoc />
    public override async ValueTask<StrategyOutcome> ExecuteAsync(StrategyExecution execution, CancellationToken cancellationToken)
    {
        if (execution is null)
        {
            throw new ArgumentNullException(nameof(execution));
        }

        var steps = execution.Steps;
        var judge = steps.Count > 0 && steps[steps.Count - 1].InputType == typeof(DebateTranscript<object?>) ? steps[steps.Count - 1] : null;
        var participants = steps.Take(judge is null ? steps.Count : steps.Count - 1)
            .Select(step => new Participant<object?, object?>(step.Step.TargetId, (_, input, handoff, token) => StepResults.Untyped(step.RunAsync(input, handoff, token))))
            .ToArray();
        var result = judge is null
            ? await Debate.RunAsync(execution.Run, execution.Input, participants, _rounds, cancellationToken).ConfigureAwait(false) as WorkflowResult
            : await Debate.RunAsync<object?, object?, object?>(
                execution.Run, execution.Input, participants, _rounds, (_, transcript, token) => StepResults.Untyped(judge.RunAsync(transcript, token)), cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? StrategyOutcome.Completed(result.OutputValue) : StrategyOutcome.Failed(result.FailedStep!);
    }
}
