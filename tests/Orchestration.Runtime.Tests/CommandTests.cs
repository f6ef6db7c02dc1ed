using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Records;

namespace Orchestration.Runtime.Tests;

/// <summary>Commands as steps and command-line models as chat clients, against small scripts written by the tests.</summary>
public sealed class CommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orchestration-commands-" + Guid.NewGuid().ToString("N"));

    public CommandTests() => Directory.CreateDirectory(_root);

    public sealed record Checks(int Passed, int Failed);

    public sealed record Topic(string Name);

    public sealed record Note(string Text);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Writes an executable POSIX shell script and returns its path.</summary>
    private string Script(string name, string body)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private static bool Alive(int pid)
    {
        // A killed child that no one reaps stays a zombie: it runs no more.
        var stat = $"/proc/{pid}/stat";
        return File.Exists(stat) && File.ReadAllText(stat).Split(' ')[2] is not ("Z" or "X");
    }

    [Fact]
    public async Task Arguments_reach_the_command_as_they_are_without_a_shell()
    {
        var echo = Script("args.sh", "for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done");

        var result = await CommandRunner.RunAsync(new CommandLine(echo, "two words", "$HOME", "a;b", "'q'", "", "*"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("[two words]\n[$HOME]\n[a;b]\n['q']\n[]\n[*]\n", result.StandardOutput);
        Assert.Equal($"{echo} 'two words' '$HOME' 'a;b' ''\\''q'\\''' '' '*'", new CommandLine(echo, "two words", "$HOME", "a;b", "'q'", "", "*").ToString());
    }

    [Fact]
    public async Task Only_allowed_variables_reach_the_command_and_standard_input_is_written()
    {
        Environment.SetEnvironmentVariable("ORCHESTRATION_TEST_SECRET", "do-not-pass");
        var show = Script("env.sh", "env | sort; printf 'stdin: '; cat; echo; echo oops >&2; exit 3");

        var result = await CommandRunner.RunAsync(new CommandLine(show)
        {
            Environment = new Dictionary<string, string> { ["CHECK_MODE"] = "strict" },
            StandardInput = "the input",
            WorkingDirectory = _root,
        });

        Assert.Equal((3, "oops\n"), (result.ExitCode, result.StandardError));
        Assert.DoesNotContain("ORCHESTRATION_TEST_SECRET", result.StandardOutput);
        Assert.Contains("CHECK_MODE=strict\n", result.StandardOutput);
        Assert.Contains("PATH=", result.StandardOutput);
        Assert.Contains($"PWD={_root}\n", result.StandardOutput);
        Assert.EndsWith("stdin: the input\n", result.StandardOutput);
    }

    [Fact]
    public async Task A_command_past_its_timeout_is_killed_with_the_processes_it_started()
    {
        var pids = Path.Combine(_root, "child.pid");
        var slow = Script("slow.sh", $"sleep 60 & echo $! > '{pids}'; sleep 60");

        var timedOut = await Assert.ThrowsAsync<TimeoutException>(() => CommandRunner.RunAsync(new CommandLine(slow) { Timeout = TimeSpan.FromSeconds(1) }));

        Assert.Equal($"Command '{slow}' did not finish within its timeout of 1 s; it was killed with the processes it started.", timedOut.Message);
        Assert.False(Alive(int.Parse(File.ReadAllText(pids).Trim(), System.Globalization.CultureInfo.InvariantCulture)), "the command's child still runs");
    }

    [Fact]
    public async Task Cancellation_kills_the_command_and_its_children()
    {
        var pids = Path.Combine(_root, "child.pid");
        var slow = Script("slow.sh", $"sleep 60 & echo $! > '{pids}'; sleep 60");
        using var cancel = new CancellationTokenSource();

        var running = CommandRunner.RunAsync(new CommandLine(slow), cancel.Token);
        while (!File.Exists(pids) || File.ReadAllText(pids).Trim().Length == 0)
        {
            await Task.Delay(20);
        }

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.False(Alive(int.Parse(File.ReadAllText(pids).Trim(), System.Globalization.CultureInfo.InvariantCulture)), "the command's child still runs");
    }

    [Fact]
    public async Task A_command_that_cannot_start_says_why_and_what_to_do()
    {
        var missing = await Assert.ThrowsAsync<CommandFailedException>(() => CommandRunner.RunAsync(new CommandLine("no-such-tool-here", "--version")));
        var nowhere = await Assert.ThrowsAsync<CommandFailedException>(() => CommandRunner.RunAsync(new CommandLine("/bin/true") { WorkingDirectory = "/no/such/dir" }));

        Assert.StartsWith("Command 'no-such-tool-here --version' could not start: ", missing.Message);
        Assert.Contains("; check that it is installed and on the command's PATH (", missing.Message);
        Assert.EndsWith("or give its full path.", missing.Message);
        Assert.EndsWith("its working directory '/no/such/dir' does not exist.", nowhere.Message);
        Assert.Throws<ArgumentException>(() => new CommandLine(" "));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CommandLine("x") { Timeout = TimeSpan.Zero });
    }

    private sealed class RunChecks(string script) : CommandAgent<string, Checks>
    {
        protected override CommandLine Command(string input, AgentContext context) => new(script, input);
    }

    private sealed class RawChecks(string script) : CommandAgent<string, CommandResult>
    {
        protected override CommandLine Command(string input, AgentContext context) => new(script, input);

        protected override bool Accepts(CommandResult result) => result.ExitCode is 0 or 1;
    }

    private (OrchestrationRegistry Registry, ServiceProvider Services, FileRunStore Store) Checked(string script)
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(new AgentTemplate<string, Checks>("checks", "Runs the checks", typeof(RunChecks), _ => new RunChecks(script)));
        registry.Templates.Register(new AgentTemplate<string, CommandResult>("raw_checks", "Runs the checks", typeof(RawChecks), _ => new RawChecks(script)));
        registry.Workflows.Register(new WorkflowDefinition("check", "sequential", [WorkflowStep.Agent("checks")]));
        registry.Workflows.Register(new WorkflowDefinition("check_raw", "sequential", [WorkflowStep.Agent("raw_checks")]));
        var store = new FileRunStore(Path.Combine(_root, "runs"));
        var services = new ServiceCollection().AddOrchestrationOptions(o => o.UseStore(store)).BuildServiceProvider();
        return (registry, services, store);
    }

    [Fact]
    public async Task A_command_step_reads_its_typed_output_from_standard_output_and_keeps_its_output_in_the_record()
    {
        var script = Script("checks.sh", "echo 'running checks' >&2; printf '{\"passed\": %s, \"failed\": 0}' \"$1\"");
        var (registry, services, store) = Checked(script);
        using var _ = store;
        await using var __ = services;

        var result = await registry.RunAsync("check", "7", services);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(new Checks(7, 0), result.Output);
        var log = store.ReadSteps(result.RunId).Single().Log.Select(e => (e.Kind, e.Text)).ToArray();
        Assert.Equal(("command", $"{script} 7"), log[0]);
        Assert.Equal(("stdout", "{\"passed\": 7, \"failed\": 0}"), log[1]);
        Assert.Equal(("stderr", "running checks\n"), log[2]);
        Assert.Equal("exit", log[3].Kind);
        Assert.StartsWith("exit code 0 after ", log[3].Text);
    }

    [Fact]
    public async Task A_non_zero_exit_fails_the_step_unless_the_agent_accepts_it_and_bad_json_says_what_was_written()
    {
        var script = Script("checks.sh", "if [ \"$1\" = json ]; then echo 'not json'; exit 0; fi; echo '2 tests failed' >&2; exit 1");
        var (registry, services, store) = Checked(script);
        using var _ = store;
        await using var __ = services;

        var failed = await registry.RunAsync("check", "run", services);
        var accepted = await registry.RunAsync("check_raw", "run", services);
        var unreadable = await registry.RunAsync("check", "json", services);

        Assert.Equal(WorkflowStatus.Failed, failed.Status);
        Assert.Contains($"Command '{script} run' exited with code 1 after ", failed.FailedStep!.Error);
        Assert.EndsWith("s. Standard error:\n2 tests failed", failed.FailedStep.Error);
        Assert.True(accepted.Succeeded);
        Assert.Equal((1, "2 tests failed\n"), (((CommandResult)accepted.Output!).ExitCode, ((CommandResult)accepted.Output!).StandardError));
        Assert.Contains($"Agent 'checks': the command's standard output is not a {typeof(Checks).FullName} in JSON (", unreadable.FailedStep!.Error);
        Assert.EndsWith("It wrote: not json\n", unreadable.FailedStep.Error);
    }

    private sealed class Writer(IChatClient chat) : ChatAgent<Topic, Note>(chat)
    {
        protected override string? Instructions => "Write one sentence about the topic.";
    }

    [Fact]
    public async Task A_chat_agent_runs_on_a_command_line_model_with_the_prompt_on_standard_input_and_usage_from_its_json()
    {
        var prompts = Path.Combine(_root, "prompt.txt");
        var cli = Script("model.sh", $"cat > '{prompts}'; printf '%s' '{{\"result\": \"{{\\\"text\\\": \\\"Cats nap.\\\"}}\", \"usage\": {{\"input_tokens\": 42, \"output_tokens\": 7}}}}'; echo \"model=$2\" >&2");
        var client = new CommandLineChatClient(new CommandLineChatClientOptions
        {
            FileName = cli,
            Arguments = ["--model", "{model}"],
            ModelId = "local-small",
            ReplyProperty = "result",
            InputTokensProperty = "usage.input_tokens",
            OutputTokensProperty = "usage.output_tokens",
        });
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(new AgentTemplate<Topic, Note>("writer", "Writer", typeof(Writer), sp => new Writer(sp.GetRequiredService<IChatClient>())));
        registry.Workflows.Register(new WorkflowDefinition("notes", "sequential", [WorkflowStep.Agent("writer")]));
        await using var services = new ServiceCollection().AddSingleton<IChatClient>(client).BuildServiceProvider();

        var result = await registry.RunAsync("notes", new Topic("cats"), services);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(new Note("Cats nap."), result.Output);
        Assert.Equal((42, 7), (result.Steps[0].Usage.InputTokens, result.Steps[0].Usage.OutputTokens));
        var prompt = File.ReadAllText(prompts);
        Assert.StartsWith("Write one sentence about the topic.", prompt);
        Assert.Contains("cats", prompt);
        Assert.Contains("Reply with only a JSON value that matches this JSON schema, and no other text:\n{", prompt);
    }

    [Fact]
    public async Task A_command_line_model_takes_the_prompt_as_an_argument_and_refuses_tools_and_failures_say_why()
    {
        var cli = Script("model.sh", "if [ \"$1\" = fail ]; then echo 'quota exceeded' >&2; exit 2; fi; printf 'You said: %s' \"$2\"");
        var client = new CommandLineChatClient(new CommandLineChatClientOptions { FileName = cli, Arguments = ["-p", "{prompt}"] });
        var failing = new CommandLineChatClient(new CommandLineChatClientOptions { FileName = cli, Arguments = ["fail"] });

        var reply = await client.GetResponseAsync([new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "hello")]);
        var echo = new CommandLineChatClient(new CommandLineChatClientOptions { FileName = "cat" });
        var conversation = await echo.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "hi"), new ChatMessage(ChatRole.Assistant, "hello"), new ChatMessage(ChatRole.User, "more")], new ChatOptions { Instructions = "Rules." });
        var tools = await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync("x", new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "count")] }));
        var failed = await Assert.ThrowsAsync<CommandFailedException>(() => failing.GetResponseAsync("x"));

        Assert.Equal("You said: Be brief.\n\nhello", reply.Text);
        Assert.Equal(ChatRole.Assistant, reply.Messages.Single().Role);
        Assert.Equal("Rules.\n\nUser:\nhi\n\nAssistant:\nhello\n\nUser:\nmore", conversation.Text);
        Assert.Equal("A command-line model cannot be offered tools (count): remove them from the agent's template, or run the agent on a provider's chat client.", tools.Message);
        Assert.EndsWith("Standard error:\nquota exceeded", failed.Message);
        Assert.Equal(2, failed.Result!.ExitCode);
        Assert.Throws<ArgumentException>(() => new CommandLineChatClient(new CommandLineChatClientOptions()));
    }
}
