using System.Threading;
using System.Threading.Tasks;

namespace Orchestration.Strategies;

/// <summary>
/// The base of every strategy. A strategy decides which steps run, in what order, with what input, and what the
/// workflow produces. Built-in strategies are registered under attune's names; declare your own with
/// <see cref="StrategyAttribute"/>.
/// </summary>
/// <remarks>
/// Generated runners of built-in strategies run their steps through typed code; a strategy instance executes
/// workflows registered at run time and workflows declared with a user strategy. Instances are shared: keep them
/// stateless.
/// </remarks>
public abstract class ExecutionStrategy
{
    /// <summary>Executes the steps of <paramref name="execution"/>.</summary>
    /// <param name="execution">The run, the input and the resolved steps.</param>
    /// <param name="cancellationToken">Cancels the execution; pass it to every step.</param>
    /// <returns>The output, or the step that made the workflow fail.</returns>
    public abstract ValueTask<StrategyOutcome> ExecuteAsync(StrategyExecution execution, CancellationToken cancellationToken);
}
