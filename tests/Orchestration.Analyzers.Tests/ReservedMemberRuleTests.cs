namespace Orchestration.Analyzers.Tests;

/// <summary>
/// A workflow class that declares a member the generator adds (Id, Diagram, Definition, Runner, or a non-method named
/// like a generated method, or a method with a generated method's parameters) gets ORCH0012 at that member, and no
/// runner, instead of CS0102 or CS0111 in a generated file.
/// </summary>
public sealed class ReservedMemberRuleTests
{
    private const string Reserved =
        "the generator adds Id, Diagram, Definition, Runner and the methods RunAsync, ResumeAsync, RespondAsync and ExecuteAsync";

    private static void Check(string markup, string message) =>
        AnalyzerHarness.AssertSingle(AnalyzerHarness.Usings + "namespace Shop;\n" + markup, "ORCH0012", message, RuleTests.Domain);

    [Fact]
    public void ORCH0012_own_id_constant_is_reported_at_the_member() => Check(
        """
        [Workflow("w")]
        [Step("pricer")]
        public static partial class W
        {
            public const string [|Id|] = "mine";
        }
        """,
        $"Workflow 'w' cannot get a generated runner: it declares its own member 'Id', and {Reserved}; rename or remove 'Id'");

    [Fact]
    public void ORCH0012_own_definition_property_is_reported_at_the_member() => Check(
        """
        [Workflow("w")]
        [Step("pricer")]
        public static partial class W
        {
            public static object [|Definition|] => "mine";
        }
        """,
        $"Workflow 'w' cannot get a generated runner: it declares its own member 'Definition', and {Reserved}; rename or remove 'Definition'");

    [Fact]
    public void ORCH0012_own_diagram_method_is_reported_at_the_member() => Check(
        """
        [Workflow("w")]
        [Step("pricer")]
        public static partial class W
        {
            public static string [|Diagram|]() => "mine";
        }
        """,
        $"Workflow 'w' cannot get a generated runner: it declares its own member 'Diagram', and {Reserved}; rename or remove 'Diagram'");

    [Fact]
    public void ORCH0012_own_runner_class_is_reported_at_the_member() => Check(
        """
        [Workflow("w")]
        [Step("pricer")]
        public static partial class W
        {
            public sealed class [|Runner|] { }
        }
        """,
        $"Workflow 'w' cannot get a generated runner: it declares its own member 'Runner', and {Reserved}; rename or remove 'Runner'");

    [Fact]
    public void ORCH0012_run_async_property_is_reported_at_the_member() => Check(
        """
        [Workflow("w")]
        [Step("pricer")]
        public static partial class W
        {
            public static int [|RunAsync|] { get; set; }
        }
        """,
        $"Workflow 'w' cannot get a generated runner: it declares its own member 'RunAsync', and {Reserved}; rename or remove 'RunAsync'");

    [Fact]
    public void ORCH0012_run_async_overload_with_the_generated_parameters_is_reported_at_that_overload() => Check(
        """
        [Workflow("w")]
        [Step("pricer")]
        public static partial class W
        {
            public static ValueTask<WorkflowResult<Priced>> RunAsync(string customer) => default;
            public static ValueTask<WorkflowResult<Priced>> [|RunAsync|](Order order, CancellationToken token) => default;
        }
        """,
        "Workflow 'w' cannot get a generated runner: it declares its own method RunAsync(Order, CancellationToken), and the generator adds one with the same parameters; rename it or change its parameters");

    [Fact]
    public void ORCH0012_respond_async_with_the_generated_parameters_is_reported() => Check(
        """
        [InputRequest("approval")]
        public sealed class Approval : InputRequest<Priced, bool>;

        [Workflow("w")]
        [Step("pricer")]
        [Step(Await = "approval")]
        public static partial class W
        {
            public static ValueTask<WorkflowResult<Answered<Priced, bool>>> [|RespondAsync|](string runId, bool response, IServiceProvider? services, WorkflowRunOptions options, CancellationToken token = default) => default;
        }
        """,
        "Workflow 'w' cannot get a generated runner: it declares its own method RespondAsync(string, bool, IServiceProvider?, WorkflowRunOptions, CancellationToken), and the generator adds one with the same parameters; rename it or change its parameters");

    [Fact]
    public void ORCH0012_record_struct_with_an_id_parameter_is_reported_at_the_parameter() => Check(
        """
        [Workflow("w")]
        [Step("pricer")]
        public partial record struct W(string [|Id|]);
        """,
        $"Workflow 'w' cannot get a generated runner: it declares its own member 'Id', and {Reserved}; rename or remove 'Id'");

    [Fact]
    public void ORCH0012_class_named_like_a_generated_member_is_reported_at_the_class() => Check(
        """
        [Workflow("w")]
        [Step("pricer")]
        public static partial class [|Runner|];
        """,
        "Workflow 'w' cannot get a generated runner: the class is named 'Runner', like a member the generator adds to it (Id, Diagram, Definition, Runner, RunAsync, ResumeAsync, RespondAsync, ExecuteAsync); rename the class");

    [Fact]
    public void Other_members_and_run_async_overloads_produce_no_diagnostic() => AnalyzerHarness.AssertNone(
    [
        (RuleTests.Domain, "Domain.cs"),
        (AnalyzerHarness.Usings + """
            namespace Shop;

            [Workflow("w")]
            [Step("pricer")]
            public static partial class W
            {
                public const string Ids = "w";
                public static string Run() => Id;
                public static ValueTask<WorkflowResult<Priced>> RunAsync(string customer) => RunAsync(new Order(customer, 1));
                public static string Describe() => Diagram + Id;
            }
            """, "Valid.cs"),
    ]);
}
