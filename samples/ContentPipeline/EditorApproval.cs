using System.Threading;
using System.Threading.Tasks;
using Orchestration;

namespace ContentPipeline;

/// <summary>
/// A person approves the enhanced article before it is published. The run records the article and stops; whoever
/// answers (here a second command, in a real application a web form or a chat message) gives an
/// <see cref="EditorDecision"/>, and the run continues in that process.
/// </summary>
[InputRequest("editor_approval", Description = "Approve the enhanced article for publication, or reject it with a note for the author", DeadlineSeconds = 7 * 24 * 3600)]
public sealed class EditorApproval : InputRequest<Enhanced, EditorDecision>
{
    /// <summary>A rejection must tell the author why.</summary>
    public override string? Validate(Enhanced request, EditorDecision response) =>
        !response.Approved && string.IsNullOrWhiteSpace(response.Note) ? "a rejection needs a note telling the author why" : null;

    /// <summary>Nobody answered within a week: the article is not published, and the author is told so.</summary>
    public override bool TryRespondAtDeadline(Enhanced request, out EditorDecision response)
    {
        response = new EditorDecision(false, "no editor answered within a week");
        return true;
    }
}

/// <summary>Publishes an approved article; records why a rejected one was not.</summary>
[AgentTemplate("editorial_publisher", Role = "Publisher", Tier = ModelTier.Cheap, Capabilities = ["publishing"])]
public sealed class EditorialPublisher(PublishOptions options) : IAgent<Answered<Enhanced, EditorDecision>, Publication>
{
    public async ValueTask<Publication> RunAsync(Answered<Enhanced, EditorDecision> input, AgentContext context, CancellationToken cancellationToken)
    {
        if (!input.Response.Approved)
        {
            return new Publication(false, null, $"not published: {input.Response.Note}");
        }

        var published = await new ContentPublisher(options).RunAsync(input.Request, context, cancellationToken);
        return new Publication(true, published.Path, $"published {published.Path}" + (input.Response.Note is { } note ? $" ({note})" : string.Empty));
    }
}
