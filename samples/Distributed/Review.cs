using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Orchestration;

namespace Distributed;

/// <summary>A piece of writing on its way, with the workers each step ran on.</summary>
public sealed record Piece(string Topic, string Text, IReadOnlyList<string> RanOn);

/// <summary>The editor's answer.</summary>
public sealed record Decision(bool Approved, string Note);

/// <summary>Which worker process this is (the silo's name and process id), for the steps to sign their work.</summary>
public sealed record WorkerName(string Name)
{
    public override string ToString() => $"{Name} (pid {Environment.ProcessId})";
}

/// <summary>An editor approves each draft; answered by the client, wherever the run is by then.</summary>
[InputRequest("editor_approval", Description = "Approve the draft")]
public sealed class EditorApproval : InputRequest<Piece, Decision>;

[AgentTemplate("drafter", Role = "Writes a first draft")]
public sealed class Drafter(WorkerName worker) : IAgent<string, Piece>
{
    public async ValueTask<Piece> RunAsync(string topic, AgentContext context, CancellationToken cancellationToken)
    {
        // Real agents call a model here; the pause stands for that.
        await Task.Delay(300, cancellationToken).ConfigureAwait(false);
        return new Piece(topic, $"A few words on {topic}.", new[] { $"drafter on {worker}" });
    }
}

[AgentTemplate("publisher", Role = "Publishes an approved draft")]
public sealed class Publisher(WorkerName worker) : IAgent<Answered<Piece, Decision>, Piece>
{
    public async ValueTask<Piece> RunAsync(Answered<Piece, Decision> input, AgentContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(300, cancellationToken).ConfigureAwait(false);
        var piece = input.Request;
        var text = input.Response.Approved ? piece.Text + $" (approved: {input.Response.Note})" : "(rejected)";
        return piece with { Text = text, RanOn = piece.RanOn.Append($"publisher on {worker}").ToArray() };
    }
}

/// <summary>Draft, wait for the editor, publish: the wait releases the run, and the answer continues it on any worker.</summary>
[Workflow("review", Description = "Draft, approve, publish")]
[Step("drafter")]
[Step(Await = "editor_approval")]
[Step("publisher")]
public static partial class Review;
