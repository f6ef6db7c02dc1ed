using System;
using System.IO;
using System.Threading.Tasks;
using Orchestration.Commands;
using Orchestration.Records;
using Orchestration.Tests.Shared;
using Spectre.Console;

namespace Orchestration.PostgreSql.Tests;

/// <summary>The record commands over the PostgreSQL store (<c>--connection</c>), as the orchestrate tool offers them.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CommandLineTests(PostgresServer server)
{
    private static async Task<(int Code, string Output)> Orchestrate(params string[] args)
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(text),
        });
        console.Profile.Width = 250;
        var code = await OrchestrationCommands.InvokeRecordCommandsAsync(args, new OrchestrationCommandOptions
        {
            CommandName = "orchestrate",
            Console = console,
            StoreFromConnection = connection => new PostgreSqlRunStore(connection),
        });
        return (code, text.ToString());
    }

    [Fact]
    public async Task The_record_commands_read_the_shared_store_from_a_connection_string()
    {
        // The commands use the default schema: a database of its own keeps this test apart from the others.
        var database = "cli_" + Guid.NewGuid().ToString("N");
        await using (var admin = new Npgsql.NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connection = new Npgsql.NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database }.ConnectionString;
        using (var store = new PostgreSqlRunStore(connection))
        {
            var claim = store.Create(new RunRecord("shared-1", "review", "sequential", "running", DateTimeOffset.UtcNow, null, "\"in\"", [], []));
            claim.StepFinished(new StepRecord("review", 1, "write", "agent", "completed", 3, 1, null, new TokenUsage(5, 7), null, "\"out\"", null));
            claim.Finish("completed", [], "\"out\"");
        }

        var (listed, list) = await Orchestrate("list", "--connection", connection, "--json");
        var (shown, show) = await Orchestrate("show", "shared-1", "--connection", connection);

        Assert.Equal((0, 0), (listed, shown));
        Assert.Contains("\"runId\": \"shared-1\"", list);
        Assert.Contains("Run shared-1: workflow review (sequential)", show);
        Assert.Contains("Status: completed", show);
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_is_an_error_naming_it()
    {
        var (code, output) = await Orchestrate("list", "--connection", "Host=127.0.0.1;Port=1;Database=runs;Username=app;Timeout=2");

        Assert.Equal(1, code);
        Assert.Contains("error: The run store could not create or migrate its tables at PostgreSQL server 127.0.0.1:1, database 'runs', schema 'orchestration'", output);
    }
}
