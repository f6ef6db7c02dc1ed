using System;
using System.Collections.Generic;
using System.Linq;
using Orchestration.Rules;

namespace Orchestration.Declarations;

// The graph of workflow references: nesting depth and cycles, and which workflows suspend a run (waits, delays) and for what responses.
internal sealed partial class DeclarationCatalog
{
    /// <summary>
    /// Reports every step that suspends a run (a wait, a delay, or a nested workflow holding one) in a workflow whose
    /// strategy cannot hold it (<see cref="WaitPlacement"/>); returns whether a wait or delay step itself is misplaced.
    /// </summary>
    private bool CheckPlacement(WorkflowModel model, List<Problem> problems)
    {
        if (WaitPlacement.IsLoop(model.Strategy))
        {
            // A loop holds a wait only in the workflow it repeats, and a for_each only one item at a time.
            if (model.Steps.Count == 1 && model.Steps[0] is { Kind: { } only } body && body.Workflow != model.Id && Suspends(body) is { } inside &&
                (only != StepKind.Workflow || model.MaxParallelism > 1))
            {
                problems.Add(new Problem(ProblemKind.WaitPlacement,
                    only == StepKind.Workflow ? WaitPlacement.ParallelItems(model.Id, inside) : WaitPlacement.LoopBody(model.Id, model.Strategy, inside),
                    ProblemTarget.StepTarget, 1));
                return only != StepKind.Workflow;
            }

            return false;
        }

        if (WaitPlacement.CanHold(model.Strategy))
        {
            return false;
        }

        var misplaced = false;
        for (var i = 0; i < model.Steps.Count; i++)
        {
            var step = model.Steps[i];
            if (step.Kind is { } kind && step.Workflow != model.Id && Suspends(step) is { } suspends)
            {
                misplaced |= kind != StepKind.Workflow;
                problems.Add(new Problem(ProblemKind.WaitPlacement, WaitPlacement.Problem(model.Id, model.Strategy, i + 1, suspends), ProblemTarget.StepTarget, i + 1));
            }
        }

        return misplaced;
    }

    /// <summary>
    /// How <paramref name="step"/> suspends a run, in <see cref="WaitPlacement"/>'s words ("waits for input request 'x'",
    /// "nests workflow 'y', which delays the run"), or null when it does not, directly or through nested workflows.
    /// </summary>
    private RuleText? Suspends(StepModel step) => step.Kind switch
    {
        StepKind.Wait => WaitPlacement.Awaits(step.Await!),
        StepKind.Timer => WaitPlacement.Delays,
        StepKind.Workflow when Suspends(step.Workflow!) is { } inner => WaitPlacement.Nests(step.Workflow!, inner),
        _ => null,
    };

    /// <summary>How the first step of workflow <paramref name="id"/> that suspends a run does so; null when none does (or the id is unknown).</summary>
    private RuleText? Suspends(string id)
    {
        if (_suspends.TryGetValue(id, out var known))
        {
            return known;
        }

        // A cycle is reported on its own; walking it again would not end.
        if (!_workflows.TryGetValue(id, out var sources) || !_walking.Add(id))
        {
            return null;
        }

        RuleText? found = null;
        foreach (var step in sources[0].Entry.Steps)
        {
            if ((found = Suspends(step)) is not null)
            {
                break;
            }
        }

        _walking.Remove(id);
        _suspends[id] = found;
        return found;
    }

    /// <summary>The input requests a run of workflow <paramref name="id"/> may wait for, directly or in nested workflows, in step order.</summary>
    private string[] Awaited(string id)
    {
        if (_awaited.TryGetValue(id, out var known))
        {
            return known;
        }

        if (!_workflows.TryGetValue(id, out var sources) || !_walking.Add(id))
        {
            return Array.Empty<string>();
        }

        var found = new List<string>();
        foreach (var step in sources[0].Entry.Steps)
        {
            found.AddRange(step.Kind switch
            {
                StepKind.Wait => new[] { step.Await! },
                StepKind.Workflow => Awaited(step.Workflow!),
                _ => Array.Empty<string>(),
            });
        }

        _walking.Remove(id);
        return _awaited[id] = found.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// The responses a run of workflow <paramref name="id"/> may wait for, one per response type, with the requests that
    /// take it: the generated <c>RespondAsync</c> overloads. A response type this assembly cannot name (internal to the
    /// library that declares the request) gets none; such a run is answered through the library or the dynamic path.
    /// </summary>
    private EquatableArray<AwaitedResponse> Responses(string id)
    {
        var responses = new List<(TypeRef Response, List<string> RequestIds)>();
        foreach (var requestId in Awaited(id))
        {
            if (!_requests.TryGetValue(requestId, out var sources) || sources[0].Entry.Response is not { } response ||
                (!response.IsPublic && sources[0].Local is null))
            {
                continue;
            }

            var existing = responses.FindIndex(r => r.Response.Key == response.Key);
            if (existing >= 0)
            {
                responses[existing].RequestIds.Add(requestId);
            }
            else
            {
                responses.Add((response, new List<string> { requestId }));
            }
        }

        return responses.Select(r => new AwaitedResponse(r.Response, r.RequestIds.ToEquatableArray())).ToEquatableArray();
    }

    /// <summary>The longest chain of workflow references below <paramref name="id"/>, or the cycle it is part of.</summary>
    private (int Depth, string[] Path, string[]? Cycle) Depth(string id)
    {
        var stack = new List<string>();
        return Walk(id);

        (int, string[], string[]?) Walk(string current)
        {
            if (_depths.TryGetValue(current, out var known))
            {
                return known;
            }

            var at = stack.IndexOf(current);
            if (at >= 0)
            {
                var cycle = stack.Skip(at).Concat(new[] { current }).ToArray();
                return (0, new[] { current }, cycle);
            }

            stack.Add(current);
            var best = (Depth: 0, Path: new[] { current }, Cycle: (string[]?)null);
            if (_workflows.TryGetValue(current, out var sources))
            {
                foreach (var step in sources[0].Entry.Steps)
                {
                    if (!step.IsWorkflow)
                    {
                        continue;
                    }

                    var (depth, path, cycle) = Walk(step.Workflow!);
                    if (cycle is not null)
                    {
                        best = (0, new[] { current }, cycle);
                        break;
                    }

                    if (depth + 1 > best.Depth)
                    {
                        best = (depth + 1, new[] { current }.Concat(path).ToArray(), null);
                    }
                }
            }

            stack.RemoveAt(stack.Count - 1);

            // A cycle seen from inside is only cached for members of the cycle; callers outside it see it afresh.
            if (best.Cycle is null || best.Cycle.Contains(current))
            {
                _depths[current] = best;
            }

            return best;
        }
    }
}
