using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration.Runtime.Tests.Providers;

/// <summary>
/// An OpenAI-style HTTP server on 127.0.0.1 for tests: answers each request with the next recorded response (status,
/// headers, body) and keeps every request it received (path, headers, JSON body, arrival time). Nothing leaves the
/// machine; a request with no recorded response left gets a 500 saying so, and the server stops with the test.
/// </summary>
internal sealed class ReplayServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Queue<RecordedResponse> _responses = new();
    private readonly List<ReceivedRequest> _requests = new();
    private readonly object _gate = new();
    private readonly Task _loop;

    public ReplayServer(params RecordedResponse[] responses)
    {
        foreach (var response in responses)
        {
            _responses.Enqueue(response);
        }

        // A free loopback port: bind one, release it, listen on it.
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>The base address to give an OpenAI client: <c>http://127.0.0.1:port/v1</c>.</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{Port}/v1");

    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    public int Remaining
    {
        get
        {
            lock (_gate)
            {
                return _responses.Count;
            }
        }
    }

    public void Enqueue(RecordedResponse response)
    {
        lock (_gate)
        {
            _responses.Enqueue(response);
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync().ConfigureAwait(false);
            }

            RecordedResponse? response;
            lock (_gate)
            {
                _requests.Add(new ReceivedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, body, DateTimeOffset.UtcNow,
                    context.Request.Headers["Authorization"]));
                response = _responses.Count > 0 ? _responses.Dequeue() : null;
            }

            response ??= new RecordedResponse(500, """{"error":{"message":"The replay server has no recorded response left for this request.","type":"server_error"}}""");
            context.Response.StatusCode = response.Status;
            context.Response.ContentType = "application/json";
            foreach (var (name, value) in response.Headers ?? [])
            {
                context.Response.Headers[name] = value;
            }

            var bytes = Encoding.UTF8.GetBytes(response.Body);
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}

/// <summary>One recorded HTTP response.</summary>
internal sealed record RecordedResponse(int Status, string Body, IReadOnlyList<(string Name, string Value)>? Headers = null)
{
    /// <summary>A recording from <c>Providers/Recordings</c>, by file name.</summary>
    public static RecordedResponse File(string name, int status = 200, params (string Name, string Value)[] headers) =>
        new(status, System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Providers", "Recordings", name)), headers);
}

/// <summary>One request the server received.</summary>
internal sealed record ReceivedRequest(string Method, string Path, string Body, DateTimeOffset ReceivedAt, string? Authorization)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
