using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestration.Tests.Shared;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;

namespace Orchestration.Orleans.Tests;

/// <summary>
/// Our PostgreSQL schema for Orleans' ADO.NET clustering provider, driven by the provider's own classes: the table
/// version guards every write, stale writes change nothing, rows read back as written, gateways are the active silos,
/// dead silos are cleaned up, and several silos creating the schema at once create it once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MembershipSchemaTests
{
    private readonly PostgresServer _server;

    public MembershipSchemaTests(PostgresServer server) => _server = server;

    [Fact]
    public async Task The_provider_inserts_updates_and_reads_silos_with_the_table_version_guarding_every_write()
    {
        var (table, place) = Table("contract_orleans", "contract");
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true, CancellationToken.None);

        var empty = await table.ReadAllAsync(CancellationToken.None);
        Assert.Empty(empty.Members);
        var silo = Entry(11111, SiloStatus.Joining);
        Assert.True(await table.InsertRowAsync(silo, empty.Version.Next(), CancellationToken.None));
        Assert.False(await table.InsertRowAsync(Entry(22222, SiloStatus.Joining), empty.Version.Next(), CancellationToken.None));

        var one = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(empty.Version.Version + 1, one.Version.Version);
        var (read, etag) = Assert.Single(one.Members);
        Assert.Equal(silo.SiloAddress, read.SiloAddress);
        Assert.Equal(SiloStatus.Joining, read.Status);
        Assert.Equal("silo-11111", read.SiloName);

        silo.Status = SiloStatus.Active;
        silo.AddOrUpdateSuspector(Entry(33333, SiloStatus.Active).SiloAddress, DateTime.UtcNow, maxVotes: 2);
        Assert.True(await table.UpdateRowAsync(silo, etag, one.Version.Next(), CancellationToken.None));
        var row = await table.ReadRowAsync(silo.SiloAddress, CancellationToken.None);
        var (updated, freshEtag) = Assert.Single(row.Members);

        // The row's own etag is current, the table version is not: our query refuses it.
        Assert.False(await table.UpdateRowAsync(silo, freshEtag, one.Version.Next(), CancellationToken.None));
        Assert.Equal(SiloStatus.Active, updated.Status);
        Assert.Single(updated.SuspectTimes!);

        var alive = DateTime.UtcNow.AddSeconds(5);
        silo.IAmAliveTime = alive;
        await table.UpdateIAmAliveAsync(silo, CancellationToken.None);
        var (heartbeat, _) = Assert.Single((await table.ReadRowAsync(silo.SiloAddress, CancellationToken.None)).Members);
        Assert.Equal(alive, heartbeat.IAmAliveTime, TimeSpan.FromMilliseconds(1));
        Assert.Equal(row.Version.Version, (await table.ReadAllAsync(CancellationToken.None)).Version.Version);

        var gateways = new AdoNetGatewayListProvider(
            NullLogger<AdoNetGatewayListProvider>.Instance,
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new AdoNetClusteringClientOptions { Invariant = "Npgsql", ConnectionString = place.ClusteringConnectionString }),
            Options.Create(new GatewayOptions()),
            Options.Create(new ClusterOptions { ClusterId = "contract", ServiceId = "contract" }));
        await gateways.InitializeGatewayListProviderAsync(CancellationToken.None);
        var gateway = Assert.Single(await gateways.GetGatewaysAsync(CancellationToken.None));
        Assert.Equal(30000 + 11111 % 1000, gateway.Port);

        var current = await table.ReadAllAsync(CancellationToken.None);
        silo.Status = SiloStatus.Dead;
        var (_, currentEtag) = Assert.Single(current.Members);
        Assert.True(await table.UpdateRowAsync(silo, currentEtag, current.Version.Next(), CancellationToken.None));
        Assert.Empty(await gateways.GetGatewaysAsync(CancellationToken.None));
        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None);
        Assert.Empty((await table.ReadAllAsync(CancellationToken.None)).Members);

        await table.DeleteMembershipTableEntriesAsync("contract", CancellationToken.None);
        await Assert.ThrowsAnyAsync<Exception>(() => table.ReadAllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Several_silos_creating_the_schema_at_once_create_it_once()
    {
        var places = Enumerable.Range(0, 4).Select(_ => new MembershipPlace(_server.ConnectionString, "concurrent_orleans")).ToArray();

        await Task.WhenAll(places.Select(p => Task.Run(() => p.EnsureSchemaAsync(CancellationToken.None))));

        await using var connection = new Npgsql.NpgsqlConnection(_server.ConnectionString);
        await connection.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM concurrent_orleans.schema_version", connection);
        Assert.Equal(1L, await count.ExecuteScalarAsync());
        await using var queries = new Npgsql.NpgsqlCommand("SELECT count(*) FROM concurrent_orleans.orleansquery", connection);
        Assert.Equal(9L, await queries.ExecuteScalarAsync());
    }

    private (IMembershipTable Table, MembershipPlace Place) Table(string schema, string clusterId)
    {
        var place = new MembershipPlace(_server.ConnectionString, schema);
        var inner = new AdoNetClusteringTable(
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = clusterId }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = "Npgsql", ConnectionString = place.ClusteringConnectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);
        return (new SchemaFirstMembershipTable(inner, place), place);
    }

    private static MembershipEntry Entry(int port, SiloStatus status) => new()
    {
        SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 1),
        Status = status,
        ProxyPort = 30000 + port % 1000,
        HostName = "localhost",
        SiloName = "silo-" + port,
        StartTime = DateTime.UtcNow,
        IAmAliveTime = DateTime.UtcNow,
    };
}
