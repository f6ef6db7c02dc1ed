using Orchestration.Tests.Shared;

namespace Orchestration.Orleans.Tests;

/// <summary>One throwaway PostgreSQL server for every test class of this project; each class keeps its runs and membership in schemas of its own.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
