using System;
using System.Text.Json;
using Orchestration.Dashboard.Security;
using Orchestration.Records;

namespace Orchestration.Dashboard;

/// <summary>
/// What a dashboard shows and what it allows: the run store it reads, its access token, and whether (and with which
/// workflows) it may answer waiting runs. Read-only unless <see cref="AllowResponses"/> is set and a
/// <see cref="Registry"/> is given.
/// </summary>
public sealed class DashboardOptions
{
    private readonly string _accessToken = DashboardToken.Generate();

    /// <summary>Creates options for a dashboard over <paramref name="store"/>, with a new random access token.</summary>
    /// <param name="store">The run store whose records the dashboard shows.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    public DashboardOptions(IRunStore store)
    {
        Store = store ?? throw new ArgumentNullException(nameof(store));
    }

    /// <summary>The run store whose records the dashboard shows.</summary>
    public IRunStore Store { get; }

    /// <summary>
    /// The token every request must carry: once as <c>?token=</c> in the URL (the dashboard then sets a cookie and drops it
    /// from the address), or as <c>Authorization: Bearer</c> for the JSON API. Defaults to 32 random bytes, base64url
    /// encoded; set your own only to keep a URL stable across restarts.
    /// </summary>
    /// <exception cref="ArgumentException">The token is shorter than 16 characters or has characters other than letters, digits, '-' and '_'.</exception>
    public string AccessToken
    {
        get => _accessToken;
        init => _accessToken = DashboardToken.Validate(value, nameof(value));
    }

    /// <summary>
    /// Whether the dashboard may answer waiting runs from the run page. Also needs <see cref="Registry"/> (the application's
    /// workflows, which answering continues). Off by default: without it, write requests are refused with 403.
    /// </summary>
    public bool AllowResponses { get; init; }

    /// <summary>
    /// The application's workflows, needed to answer a waiting run (the answered run continues in this process). A
    /// dashboard over records only (such as <c>orchestrate dashboard</c>) has none and cannot answer.
    /// </summary>
    public OrchestrationRegistry? Registry { get; init; }

    /// <summary>
    /// Where the agents of an answered run come from. When the dashboard is mapped into an application and this is not
    /// set, the application's services are used; otherwise an empty provider.
    /// </summary>
    public IServiceProvider? Services { get; init; }

    /// <summary>How the application writes run records (<see cref="WorkflowRunOptions.RecordSerializer"/>); used to read an answer as the awaited type.</summary>
    public JsonSerializerOptions? RecordSerializer { get; init; }

    /// <summary>
    /// Whether requests from other machines are served. Off by default: a request whose client address is not a loopback
    /// address gets 403, whatever address the server listens on. Run records hold prompts and outputs; turn this on only
    /// behind a network you trust, and remember that the dashboard speaks plain HTTP.
    /// </summary>
    public bool AllowRemoteClients { get; init; }

    /// <summary>Whether answering is possible: <see cref="AllowResponses"/> and a <see cref="Registry"/>.</summary>
    internal bool CanRespond => AllowResponses && Registry is not null;
}
