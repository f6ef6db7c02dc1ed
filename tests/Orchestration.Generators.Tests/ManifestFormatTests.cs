using System.Linq;
using Orchestration.Declarations;

namespace Orchestration.Generators.Tests;

/// <summary>The manifest carries waits, delays and input requests, and manifests of libraries built before still read.</summary>
/// <remarks><c>Declarations.StepKind</c> is the model's; the runtime's <c>Orchestration.StepKind</c> has the same names.</remarks>
public sealed class ManifestFormatTests
{
    private static readonly TypeRef Draft = new("global::Press.Draft", "global::Press.Draft", "Draft", true, new[] { "object" }.ToEquatableArray());

    private static readonly TypeRef Decision = new("global::Press.Decision", "global::Press.Decision", "Decision", true, new[] { "object" }.ToEquatableArray());

    [Fact]
    public void Wait_and_delay_steps_and_input_requests_survive_a_round_trip()
    {
        var manifest = new ModuleManifest(
            "Press",
            "global::Orchestration.Generated.PressModule",
            EquatableArray<TemplateEntry>.Empty,
            EquatableArray<StrategyEntry>.Empty,
            new[]
            {
                new WorkflowEntry(
                    "approval",
                    "sequential",
                    3,
                    new[]
                    {
                        new StepModel(null, null, Await: "editor_approval"),
                        new StepModel(null, null, DelaySeconds: 3600),
                        new StepModel(null, null, Until: new MethodModel("PublishAt", true, true, null, null)),
                        new StepModel(null, "inner"),
                    }.ToEquatableArray(),
                    Draft,
                    Draft,
                    "global::Press.Approval.Definition"),
            }.ToEquatableArray(),
            new[] { new RequestEntry("editor_approval", Draft, Decision, "global::Orchestration.Generated.PressModule.Requests.EditorApproval") }.ToEquatableArray());

        var read = ManifestFormat.Read(ManifestFormat.Write(manifest));

        Assert.NotNull(read);
        Assert.Equal(manifest.Requests, read.Requests);
        Assert.Equal(
            [Declarations.StepKind.Wait, Declarations.StepKind.Timer, Declarations.StepKind.Timer, Declarations.StepKind.Workflow],
            read.Workflows[0].Steps.Select(s => s.Kind!.Value));
        Assert.Equal(["editor_approval", "delay", "delay", "inner"], read.Workflows[0].Steps.Select(s => s.TargetId));
        Assert.Equal((3600, "PublishAt"), (read.Workflows[0].Steps[1].DelaySeconds, read.Workflows[0].Steps[2].Until!.Name));
        Assert.StartsWith("orchestration-manifest/3\n", ManifestFormat.Write(manifest));
    }

    [Fact]
    public void Each_type_is_written_once_and_referred_to_by_position()
    {
        var templates = Enumerable.Range(1, 50)
            .Select(i => new TemplateEntry($"t{i}", Draft, i % 2 == 0 ? Draft : Decision, $"global::M.Templates.T{i}"))
            .ToEquatableArray();
        var manifest = new ModuleManifest("Press", "global::M", templates, EquatableArray<StrategyEntry>.Empty, EquatableArray<WorkflowEntry>.Empty, EquatableArray<RequestEntry>.Empty);

        var text = ManifestFormat.Write(manifest);
        var read = ManifestFormat.Read(text);

        Assert.Equal(2, text.Split('\n').Count(line => line.StartsWith("Y\u001F", System.StringComparison.Ordinal)));
        Assert.Equal("T\u001Ft2\u001F0\u001F0\u001Fglobal::M.Templates.T2", text.Split('\n').Single(line => line.StartsWith("T\u001Ft2\u001F", System.StringComparison.Ordinal)));
        Assert.Equal(manifest.Templates, read!.Templates);
    }

    [Fact]
    public void A_version_2_manifest_with_its_types_in_place_is_still_read()
    {
        const string Version2 =
            "orchestration-manifest/2\n" +
            "M\u001FPress\u001Fglobal::M\n" +
            "T\u001Fdrafter\u001Fglobal::Press.Draft\u001Eglobal::Press.Draft\u001EDraft\u001E1\u001Eobject\u001Fglobal::Press.Draft\u001Eglobal::Press.Draft\u001EDraft\u001E1\u001Eobject\u001Fglobal::M.Templates.Drafter\n" +
            "R\u001Fapproval\u001Fglobal::Press.Draft\u001Eglobal::Press.Draft\u001EDraft\u001E1\u001Eobject\u001Fglobal::Press.Decision\u001Eglobal::Press.Decision\u001EDecision\u001E1\u001Eobject\u001F\n";

        var read = ManifestFormat.Read(Version2);

        Assert.NotNull(read);
        Assert.Equal(new TemplateEntry("drafter", Draft, Draft, "global::M.Templates.Drafter"), read.Templates[0]);
        Assert.Equal(new RequestEntry("approval", Draft, Decision, null), read.Requests[0]);
    }

    [Fact]
    public void A_version_3_manifest_that_refers_to_a_type_it_does_not_list_is_ignored()
    {
        Assert.Null(ManifestFormat.Read("orchestration-manifest/3\nM\u001FLib\u001Fglobal::X\nT\u001Fa\u001F0\u001F0\u001F\n"));
    }

    [Fact]
    public void A_version_1_manifest_is_still_read_as_one_without_waits()
    {
        // As written before input requests existed: steps are A (template) or W (workflow), and there are no R records.
        const string Version1 =
            "orchestration-manifest/1\n" +
            "M\u001FLib\u001Fglobal::Orchestration.Generated.LibModule\n" +
            "W\u001Fpricing\u001Fsequential\u001F3\u001FApricer\u001EWinner\u001F\u001F\u001F\n";

        var read = ManifestFormat.Read(Version1);

        Assert.NotNull(read);
        Assert.Empty(read.Requests);
        Assert.Equal([Declarations.StepKind.Agent, Declarations.StepKind.Workflow], read.Workflows[0].Steps.Select(s => s.Kind!.Value));
        Assert.Equal(["pricer", "inner"], read.Workflows[0].Steps.Select(s => s.TargetId));
    }

    [Fact]
    public void A_manifest_of_an_unknown_version_is_ignored()
    {
        Assert.Null(ManifestFormat.Read("orchestration-manifest/4\nM\u001FLib\u001Fglobal::X\n"));
    }
}
