using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Orchestration.Rules;

namespace Orchestration.Analyzers;

/// <summary>
/// Every rule the analyzers report, with its stable id. Ids are hand-assigned and never reused. These descriptors
/// declare the rules (id, title, severity, help link; the title is their message format too); a diagnostic is reported
/// under <see cref="For"/>'s variant of its rule, whose message format is the rule's own words with the facts as
/// arguments.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Orchestration";

    /// <summary>
    /// Where each rule's page is published: the repository's <c>docs/diagnostics</c> folder, so that the IDE's link opens
    /// a page wherever the package is used. Keep it in step with <c>RepositoryUrl</c> in Directory.Build.props (a test
    /// checks that they agree).
    /// </summary>
    public const string HelpLinkBase = "https://github.com/orchestration-dotnet/orchestration/blob/main/docs/diagnostics/";

    public static readonly DiagnosticDescriptor UnknownStrategy = Rule("ORCH0001", "Unknown strategy");
    public static readonly DiagnosticDescriptor UnknownWorkflow = Rule("ORCH0002", "Step references an unknown workflow");
    public static readonly DiagnosticDescriptor NestingTooDeep = Rule("ORCH0003", "Workflow nesting is deeper than allowed");
    public static readonly DiagnosticDescriptor UnknownTemplate = Rule("ORCH0004", "Step references an unknown agent template");
    public static readonly DiagnosticDescriptor ReferenceCycle = Rule("ORCH0005", "Workflow references form a cycle");
    public static readonly DiagnosticDescriptor StepTypeMismatch = Rule("ORCH0006", "Step does not accept what it is given");
    public static readonly DiagnosticDescriptor StrategyArity = Rule("ORCH0007", "Workflow has the wrong number of steps for its strategy");
    public static readonly DiagnosticDescriptor DuplicateId = Rule("ORCH0008", "Id declared more than once");
    public static readonly DiagnosticDescriptor InvalidStrategyClass = Rule("ORCH0009", "Strategy class cannot serve as a strategy");
    public static readonly DiagnosticDescriptor InvalidId = Rule("ORCH0010", "Id is empty, blank or not constant");
    public static readonly DiagnosticDescriptor StepTarget = Rule("ORCH0011", "Step must name exactly one of a template, a workflow, an input request or a delay");
    public static readonly DiagnosticDescriptor WorkflowClassNotExtendable = Rule("ORCH0012", "Workflow class cannot get a generated runner");
    public static readonly DiagnosticDescriptor InvalidTemplateClass = Rule("ORCH0013", "Agent template class cannot serve as an agent");
    public static readonly DiagnosticDescriptor UnknownLookupName = Rule("ORCH0014", "Run-time lookup of a name that is not declared");
    public static readonly DiagnosticDescriptor UnusableReference = Rule("ORCH0015", "Step references a declaration this assembly cannot run");
    public static readonly DiagnosticDescriptor InvalidStrategyOption = Rule("ORCH0016", "Strategy option out of range");
    public static readonly DiagnosticDescriptor InvalidMethod = Rule("ORCH0017", "Routing function, branch condition, delay or loop method is missing or has the wrong signature");
    public static readonly DiagnosticDescriptor BranchCondition = Rule("ORCH0018", "Branch condition missing or misplaced");
    public static readonly DiagnosticDescriptor UnknownInputRequest = Rule("ORCH0019", "Step awaits an unknown input request");
    public static readonly DiagnosticDescriptor WaitPlacement = Rule("ORCH0020", "Wait or delay in a strategy that cannot hold one");
    public static readonly DiagnosticDescriptor InvalidInputRequestClass = Rule("ORCH0021", "Input request class cannot serve as an input request");

    // A warning, as trim warnings are: the build still works, and metadata may come from where the analyzer cannot see.
    public static readonly DiagnosticDescriptor ChatAgentJsonMetadata = Rule("ORCH0022", "Chat agent's types have no JSON metadata in a trimmed or native AOT project", DiagnosticSeverity.Warning);

    private static readonly ConcurrentDictionary<(string Id, string Format), DiagnosticDescriptor> Variants = new();

    /// <summary>
    /// <paramref name="rule"/> with <paramref name="text"/>'s message format (for example <c>Step {0} '{1}' takes {2} but
    /// step {3} '{4}' produces {5}</c>); report it with <see cref="RuleText.Arguments"/>. One instance per format.
    /// </summary>
    /// <remarks>
    /// A text without arguments is its own format, unescaped: Roslyn does not format a message that has no arguments, so
    /// escaped braces would show doubled.
    /// </remarks>
    public static DiagnosticDescriptor For(DiagnosticDescriptor rule, RuleText text) => Variants.GetOrAdd(
        (rule.Id, text.Arguments.Count == 0 ? text.ToString() : text.Format),
        key => new DiagnosticDescriptor(
            rule.Id,
            rule.Title,
            key.Format,
            rule.Category,
            rule.DefaultSeverity,
            rule.IsEnabledByDefault,
            rule.Description,
            rule.HelpLinkUri,
            [.. rule.CustomTags]));

    /// <summary>A diagnostic of <paramref name="rule"/> saying <paramref name="text"/>: its format and its facts as the arguments.</summary>
    public static Diagnostic Create(DiagnosticDescriptor rule, Location location, RuleText text, ImmutableDictionary<string, string?>? properties = null) =>
        Diagnostic.Create(For(rule, text), location, properties, [.. text.Arguments]);

    private static DiagnosticDescriptor Rule(string id, string title, DiagnosticSeverity severity = DiagnosticSeverity.Error) => new(
        id,
        title,
        messageFormat: title,
        Category,
        severity,
        isEnabledByDefault: true,
        description: title + ".",
        helpLinkUri: HelpLinkBase + id + ".md");
}
