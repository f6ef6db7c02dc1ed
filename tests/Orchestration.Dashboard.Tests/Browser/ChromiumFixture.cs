using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Orchestration.Dashboard.Tests.Browser;

/// <summary>
/// One headless Debian chromium for the browser tests, driven by Playwright. When chromium is missing, the fixture
/// installs it (as root: <c>apt-get update</c>, then <c>apt-get install -y chromium</c>), saying so, once per test run;
/// when it cannot, every browser test fails with the reason. Playwright's own browser download is never used.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(15);
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    private readonly IMessageSink _messages;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public ChromiumFixture(IMessageSink messages) => _messages = messages;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        await EnsureChromiumAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    private async Task EnsureChromiumAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            // Also held across processes (two test runs at once must not run apt-get together).
            using var machineLock = await LockMachineAsync();
            if (File.Exists(ChromiumPath))
            {
                return;
            }

            if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/apt-get"))
            {
                throw new InvalidOperationException($"The dashboard's browser tests need Debian's chromium at {ChromiumPath}, which is missing, and this machine has no apt-get to install it with. Install chromium there and run the tests again.");
            }

            if (!Environment.IsPrivilegedProcess)
            {
                throw new InvalidOperationException($"The dashboard's browser tests need Debian's chromium at {ChromiumPath}, which is missing, and installing it needs root: run `sudo apt-get update && sudo apt-get install -y chromium`, or run the tests as root.");
            }

            Say($"Chromium is missing at {ChromiumPath}: installing Debian's chromium for the dashboard's browser tests (apt-get update, then apt-get install -y chromium). This takes about a minute.");
            var log = new StringBuilder();
            await AptGetAsync("update", log);
            await AptGetAsync("install -y chromium", log);
            if (!File.Exists(ChromiumPath))
            {
                throw new InvalidOperationException($"apt-get install -y chromium finished but {ChromiumPath} is still missing. Its output ended with:\n{Tail(log)}");
            }

            Say($"Installed chromium at {ChromiumPath}.");
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private async Task AptGetAsync(string arguments, StringBuilder log)
    {
        var start = new ProcessStartInfo("apt-get", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"apt-get {arguments} could not be started.");
        process.OutputDataReceived += (_, line) => { lock (log) { log.AppendLine(line.Data); } };
        process.ErrorDataReceived += (_, line) => { lock (log) { log.AppendLine(line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(InstallTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"apt-get {arguments} did not finish within {InstallTimeout.TotalMinutes} minutes (is the package registry reachable?). Its output ended with:\n{Tail(log)}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"apt-get {arguments} failed with exit code {process.ExitCode}, so chromium could not be installed for the browser tests. Its output ended with:\n{Tail(log)}");
        }
    }

    private static async Task<FileStream> LockMachineAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), "orchestration-dashboard-tests-chromium.lock");
        var deadline = DateTime.UtcNow + InstallTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    private void Say(string message)
    {
        // Both: the runner shows diagnostic messages (xunit.runner.json), and a console run shows stderr.
        _messages.OnMessage(new DiagnosticMessage(message));
        Console.Error.WriteLine(message);
    }

    private static string Tail(StringBuilder log)
    {
        lock (log)
        {
            var text = log.ToString();
            return text.Length <= 3000 ? text : text.Substring(text.Length - 3000);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "browser";
}
