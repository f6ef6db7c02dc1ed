using System.Threading;
using System.Threading.Tasks;

namespace Orchestration;

/// <summary>
/// An agent: plain C# that turns a typed input into a typed output. Declare it with <see cref="AgentTemplateAttribute"/>
/// so that workflows can name it in their steps.
/// </summary>
/// <typeparam name="TInput">What the agent receives.</typeparam>
/// <typeparam name="TOutput">What the agent produces.</typeparam>
public interface IAgent<in TInput, TOutput>
{
    /// <summary>Runs the agent once.</summary>
    /// <param name="input">The step's input.</param>
    /// <param name="context">The step's context: ids, attempt number, services, and where to report confidence.</param>
    /// <param name="cancellationToken">Cancelled when the run is cancelled or the agent's timeout expires.</param>
    /// <returns>The agent's output. Throw to report failure; the step result records the exception.</returns>
    ValueTask<TOutput> RunAsync(TInput input, AgentContext context, CancellationToken cancellationToken);
}
