using System;
using System.Collections.Generic;
using System.Linq;

namespace Orchestration;

/// <summary>Agent templates by id, in registration order. Part of an <see cref="OrchestrationRegistry"/>.</summary>
public sealed class TemplateRegistry
{
    private readonly OrchestrationRegistry _owner;
    private readonly Dictionary<string, AgentTemplate> _byId = new(StringComparer.Ordinal);
    private readonly List<AgentTemplate> _ordered = new();

    internal TemplateRegistry(OrchestrationRegistry owner) => _owner = owner;

    /// <summary>Every template, in registration order.</summary>
    public IReadOnlyList<AgentTemplate> All
    {
        get
        {
            lock (_owner.Gate)
            {
                return _ordered.ToArray();
            }
        }
    }

    /// <summary>Gets the template <paramref name="id"/>.</summary>
    /// <exception cref="OrchestrationLookupException"><c>Unknown template: {id}. Available: …</c></exception>
    public AgentTemplate Get(string id)
    {
        lock (_owner.Gate)
        {
            return GetLocked(id);
        }
    }

    /// <summary>Gets the template <paramref name="id"/> without throwing; <see langword="false"/> for unknown, null or empty ids.</summary>
    public bool TryGet(string id, out AgentTemplate template)
    {
        lock (_owner.Gate)
        {
            return _byId.TryGetValue(id ?? string.Empty, out template!);
        }
    }

    /// <summary>The templates that list <paramref name="capability"/> (exact match), in registration order.</summary>
    public IReadOnlyList<AgentTemplate> GetByCapability(string capability)
    {
        lock (_owner.Gate)
        {
            return _ordered.Where(t => t.Capabilities.Contains(capability, StringComparer.Ordinal)).ToArray();
        }
    }

    /// <summary>The templates that prefer <paramref name="tier"/>, in registration order.</summary>
    public IReadOnlyList<AgentTemplate> GetByTier(ModelTier tier)
    {
        lock (_owner.Gate)
        {
            return _ordered.Where(t => t.Tier == tier).ToArray();
        }
    }

    /// <summary>Registers a template. Registering the same instance twice does nothing.</summary>
    /// <exception cref="InvalidOperationException">Another template has the same id.</exception>
    public void Register(AgentTemplate template)
    {
        if (template is null)
        {
            throw new ArgumentNullException(nameof(template));
        }

        lock (_owner.Gate)
        {
            if (_byId.TryGetValue(template.Id, out var existing))
            {
                if (ReferenceEquals(existing, template))
                {
                    return;
                }

                throw new InvalidOperationException(
                    $"Template '{template.Id}' is already registered ({existing.AgentType.FullName}). Unregister it first, or choose another id.");
            }

            _byId.Add(template.Id, template);
            _ordered.Add(template);
        }
    }

    /// <summary>Removes a template.</summary>
    /// <returns><see langword="true"/> if it was registered.</returns>
    /// <exception cref="InvalidOperationException">A registered workflow uses it.</exception>
    public bool Unregister(string id)
    {
        lock (_owner.Gate)
        {
            if (id is null || !_byId.TryGetValue(id, out var template))
            {
                return false;
            }

            var users = _owner.Workflows.UsersOfLocked(w => w.Steps.Any(s => s.Kind == StepKind.Agent && s.TargetId == id));
            if (users.Count > 0)
            {
                throw new InvalidOperationException(
                    $"Template '{id}' is used by workflow(s) {string.Join(", ", users.Select(u => $"'{u}'"))}. Unregister them first.");
            }

            _byId.Remove(id);
            _ordered.Remove(template);
            return true;
        }
    }

    /// <summary>A copy of the templates by id; later changes to the registry do not affect it.</summary>
    public IReadOnlyDictionary<string, AgentTemplate> Snapshot()
    {
        lock (_owner.Gate)
        {
            return new Dictionary<string, AgentTemplate>(_byId, StringComparer.Ordinal);
        }
    }

    internal AgentTemplate GetLocked(string id)
    {
        if (id is not null && _byId.TryGetValue(id, out var template))
        {
            return template;
        }

        throw new OrchestrationLookupException("template", id, _byId.Keys);
    }
}
