using System;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration.Runtime.Tests;

/// <summary>Agents and templates built by hand, as a user registering at run time would.</summary>
internal static class TestAgents
{
    public static AgentTemplate<TIn, TOut> Template<TIn, TOut>(
        string id,
        Func<TIn, AgentContext, CancellationToken, ValueTask<TOut>> run,
        ModelTier tier = ModelTier.Capable,
        string[]? capabilities = null,
        int timeoutSeconds = 300) =>
        new(id, $"{id} role", typeof(DelegateAgent<TIn, TOut>), _ => new DelegateAgent<TIn, TOut>(run), tier, capabilities,
            resources: new ResourceRequirements(timeoutSeconds: timeoutSeconds));

    public static AgentTemplate<TIn, TOut> Sync<TIn, TOut>(string id, Func<TIn, TOut> run, ModelTier tier = ModelTier.Capable, string[]? capabilities = null) =>
        Template<TIn, TOut>(id, (input, _, _) => ValueTask.FromResult(run(input)), tier, capabilities);

    public sealed class DelegateAgent<TIn, TOut>(Func<TIn, AgentContext, CancellationToken, ValueTask<TOut>> run) : IAgent<TIn, TOut>
    {
        public ValueTask<TOut> RunAsync(TIn input, AgentContext context, CancellationToken cancellationToken) => run(input, context, cancellationToken);
    }
}
