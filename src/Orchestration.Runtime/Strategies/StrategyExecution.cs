using System;
using System.Collections.Generic;

namespace Orchestration.Strategies;

/// <summary>What a strategy executes: the run, the workflow's input and its steps, resolved.</summary>
public sealed class StrategyExecution
{
    /// <summary>Creates an execution.</summary>
    public StrategyExecution(WorkflowRun run, object? input, IReadOnlyList<ExecutableStep> steps)
    {
        Run = run ?? throw new ArgumentNullException(nameof(run));
        Input = input;
        Steps = steps ?? throw new ArgumentNullException(nameof(steps));
    }

    /// <summary>The run; its options carry the failure policy and concurrency limit.</summary>
    public WorkflowRun Run { get; }

    /// <summary>The workflow's input.</summary>
    public object? Input { get; }

    /// <summary>The steps, in declaration order.</summary>
    public IReadOnlyList<ExecutableStep> Steps { get; }
}
