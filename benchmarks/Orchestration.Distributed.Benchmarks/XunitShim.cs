using System.Threading.Tasks;

namespace Xunit;

/// <summary>
/// The one xunit type the tests' PostgreSQL server (tests/Shared/PostgresServer.cs) implements, so that this program
/// can start the same throwaway server without referencing xunit.
/// </summary>
public interface IAsyncLifetime
{
    Task InitializeAsync();

    Task DisposeAsync();
}
