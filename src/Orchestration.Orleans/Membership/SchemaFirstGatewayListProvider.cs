using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Orleans.Messaging;

namespace Orchestration.Orleans;

/// <summary>
/// Orleans' ADO.NET gateway list (how a client finds silos), with our PostgreSQL schema created first, so that a client
/// started before any silo waits for gateways instead of failing on a missing table.
/// </summary>
internal sealed class SchemaFirstGatewayListProvider : IGatewayListProvider
{
    private readonly IGatewayListProvider _inner;
    private readonly MembershipPlace _place;

    public SchemaFirstGatewayListProvider(IGatewayListProvider inner, MembershipPlace place)
    {
        _inner = inner;
        _place = place;
    }

    public TimeSpan MaxStaleness => _inner.MaxStaleness;

    public async Task InitializeGatewayListProviderAsync(CancellationToken cancellationToken)
    {
        await _place.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await _inner.InitializeGatewayListProviderAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<IList<Uri>> GetGatewaysAsync(CancellationToken cancellationToken) => _inner.GetGatewaysAsync(cancellationToken);

    // The members Orleans marks obsolete are still the interface's required ones: they answer through the ones above.
    [Obsolete("Every provider is updatable; kept because the interface requires it.")]
    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider() => InitializeGatewayListProviderAsync(CancellationToken.None);

    public Task<IList<Uri>> GetGateways() => GetGatewaysAsync(CancellationToken.None);
}
