using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.AspNetCore.Http;
using Orchestration.Records;

namespace Orchestration.Dashboard.Pages;

/// <summary>The run list's filters (<c>?status=</c> and <c>?workflow=</c>), shared by the page and the JSON API.</summary>
/// <param name="Status">Only runs with this status, or <see langword="null"/> for any.</param>
/// <param name="WorkflowId">Only runs of this workflow, or <see langword="null"/> for any.</param>
internal sealed record RunFilter(string? Status, string? WorkflowId)
{
    /// <summary>The statuses a run can have, in the order the filter offers them.</summary>
    public static readonly string[] KnownStatuses = ["running", "waiting", "completed", "failed", "cancelled", "timed_out", "exhausted"];

    public static RunFilter From(IQueryCollection query) => new(Value(query, "status"), Value(query, "workflow"));

    public bool IsEmpty => Status is null && WorkflowId is null;

    /// <summary>Whether <paramref name="run"/> passes; an unreadable run passes only when nothing is filtered.</summary>
    public bool Matches(StoredRun run) => run.Record is { } record
        ? (Status is null || string.Equals(record.Status, Status, StringComparison.Ordinal)) && (WorkflowId is null || string.Equals(record.WorkflowId, WorkflowId, StringComparison.Ordinal))
        : IsEmpty;

    public IReadOnlyList<StoredRun> Apply(IEnumerable<StoredRun> runs) => runs.Where(Matches).ToArray();

    private static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrWhiteSpace(values[0]) ? values[0]!.Trim() : null;
}
