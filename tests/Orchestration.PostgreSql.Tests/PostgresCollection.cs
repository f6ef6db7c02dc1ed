using Orchestration.Tests.Shared;

namespace Orchestration.PostgreSql.Tests;

/// <summary>One throwaway PostgreSQL server for every test class of this project.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
