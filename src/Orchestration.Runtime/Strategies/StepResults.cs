using System.Threading.Tasks;

namespace Orchestration;

/// <summary>Helpers for strategies that run typed patterns over the dynamic path's untyped steps.</summary>
internal static class StepResults
{
    /// <summary>The result as a <see cref="StepResult{T}"/> of <c>object?</c> (the same values, a different static type).</summary>
    public static async ValueTask<StepResult<object?>> Untyped(ValueTask<StepResult> pending)
    {
        var result = await pending.ConfigureAwait(false);
        return result as StepResult<object?> ?? new StepResult<object?>(
            result.Index, result.StepId, result.Kind, result.Status, result.OutputValue, result.Confidence, result.Duration, result.Attempts, result.Error, result.Exception, result.Nested);
    }
}
