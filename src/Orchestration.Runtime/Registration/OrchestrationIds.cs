using System;

namespace Orchestration;

/// <summary>Validation shared by every kind of id (templates, strategies, workflows).</summary>
internal static class OrchestrationIds
{
    public static string Validate(string? id, string what, string parameter)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new ArgumentException($"{what} must be a non-empty string.", parameter);
        }

        if (id!.Trim().Length != id.Length)
        {
            throw new ArgumentException($"{what} '{id}' must not start or end with whitespace.", parameter);
        }

        return id;
    }
}
