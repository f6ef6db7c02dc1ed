using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Orchestration.Declarations;

/// <summary>
/// Writes and reads <see cref="ModuleManifest"/> as one string. Records are lines; fields are separated by control
/// characters that cannot appear in ids or type names, so nothing needs quoting. The first line carries the format
/// version: a manifest of an unknown version is ignored rather than misread.
/// </summary>
/// <remarks>
/// Version 2 added input requests (<c>R</c> records) and the wait and delay steps of workflows. Version 3 writes each
/// type once (<c>Y</c> records, before the records that use them) and refers to it by its position: a project's
/// templates and workflows mostly share a handful of types, and the manifest is compiled into every build of it.
/// Version 1 and 2 manifests (libraries built before) are still read: their types are written in place, and version 1
/// has no requests, waits or delays. An older reader ignores a newer manifest instead of misreading it.
/// </remarks>
internal static class ManifestFormat
{
    public const string Header = "orchestration-manifest/3";

    /// <summary>The header of manifests that write every type in place.</summary>
    public const string HeaderVersion2 = "orchestration-manifest/2";

    /// <summary>The header of manifests written before input requests, waits and delays.</summary>
    public const string HeaderVersion1 = "orchestration-manifest/1";

    private const char Field = '\u001F';
    private const char Part = '\u001E';
    private const char Item = '\u001D';

    public static string Write(ModuleManifest manifest)
    {
        // The records go to their own buffer while the type table fills; the table is written first, as readers need.
        var records = new StringBuilder();
        var types = new TypeTable();
        string WriteType(TypeRef? type) => types.Reference(type);
        foreach (var t in manifest.Templates)
        {
            records.Append("T").Append(Field).Append(t.Id).Append(Field).Append(WriteType(t.Input)).Append(Field)
                .Append(WriteType(t.Output)).Append(Field).Append(t.Accessor ?? string.Empty).Append('\n');
        }

        foreach (var s in manifest.Strategies)
        {
            records.Append("S").Append(Field).Append(s.Name).Append(Field).Append(s.Shape.ToString(CultureInfo.InvariantCulture))
                .Append(Field).Append(s.FactoryAccessor ?? string.Empty).Append('\n');
        }

        foreach (var r in manifest.Requests)
        {
            records.Append("R").Append(Field).Append(r.Id).Append(Field).Append(WriteType(r.Request)).Append(Field)
                .Append(WriteType(r.Response)).Append(Field).Append(r.Accessor ?? string.Empty).Append('\n');
        }

        foreach (var w in manifest.Workflows)
        {
            var steps = string.Join(Part.ToString(), w.Steps.Select(WriteStep));
            records.Append("W").Append(Field).Append(w.Id).Append(Field).Append(w.Strategy).Append(Field)
                .Append(w.MaxDepth.ToString(CultureInfo.InvariantCulture)).Append(Field).Append(steps).Append(Field)
                .Append(WriteType(w.Input)).Append(Field).Append(WriteType(w.Output)).Append(Field)
                .Append(w.DefinitionAccessor ?? string.Empty).Append('\n');
        }

        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        text.Append("M").Append(Field).Append(manifest.AssemblyName).Append(Field).Append(manifest.ModuleTypeName).Append('\n');
        foreach (var type in types.InOrder)
        {
            text.Append("Y").Append(Field).Append(WriteInlineType(type)).Append('\n');
        }

        return text.Append(records).ToString();
    }

    /// <summary>Reads a manifest; returns null when the text is not a manifest of a version this reader knows.</summary>
    public static ModuleManifest? Read(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var lines = text.Split('\n');
        if (lines.Length < 2 || (lines[0] != Header && lines[0] != HeaderVersion2 && lines[0] != HeaderVersion1))
        {
            return null;
        }

        // Version 3 refers to the types of its Y records by position; earlier versions write them in place.
        var table = lines[0] == Header ? new List<TypeRef>() : null;
        var unresolved = false;
        TypeRef? ReadType(string field)
        {
            if (table is null || field.Length == 0)
            {
                return table is null ? ReadInlineType(field) : null;
            }

            if (int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < table.Count)
            {
                return table[index];
            }

            unresolved = true;
            return null;
        }

        string? assembly = null;
        string? module = null;
        var templates = new List<TemplateEntry>();
        var strategies = new List<StrategyEntry>();
        var workflows = new List<WorkflowEntry>();
        var requests = new List<RequestEntry>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var f = line.Split(Field);
            switch (f[0])
            {
                case "Y" when f.Length == 2 && table is not null && ReadInlineType(f[1]) is { } type:
                    table.Add(type);
                    break;
                case "M" when f.Length == 3:
                    assembly = f[1];
                    module = f[2];
                    break;
                case "T" when f.Length == 5:
                    templates.Add(new TemplateEntry(f[1], ReadType(f[2]), ReadType(f[3]), Empty(f[4])));
                    break;
                case "S" when f.Length == 4:
                    strategies.Add(new StrategyEntry(f[1], int.Parse(f[2], CultureInfo.InvariantCulture), Empty(f[3])));
                    break;
                case "R" when f.Length == 5:
                    requests.Add(new RequestEntry(f[1], ReadType(f[2]), ReadType(f[3]), Empty(f[4])));
                    break;
                case "W" when f.Length == 8:
                    var steps = f[4].Length == 0 ? new List<StepModel?>() : f[4].Split(Part).Select(ReadStep).ToList();
                    if (steps.Contains(null))
                    {
                        return null;
                    }

                    workflows.Add(new WorkflowEntry(f[1], f[2], int.Parse(f[3], CultureInfo.InvariantCulture), steps.Select(s => s!).ToEquatableArray(),
                        ReadType(f[5]), ReadType(f[6]), Empty(f[7])));
                    break;
                default:
                    return null;
            }
        }

        return assembly is null || module is null || unresolved
            ? null
            : new ModuleManifest(assembly, module, templates.ToEquatableArray(), strategies.ToEquatableArray(), workflows.ToEquatableArray(), requests.ToEquatableArray());
    }

    /// <summary>
    /// A step as one letter and its target: <c>A</c> template, <c>W</c> workflow, <c>R</c> input request (a wait),
    /// <c>D</c> delay seconds, <c>U</c> the method a delay waits until. Only what referencing assemblies need (ids, and
    /// which steps suspend a run); conditions and method signatures stay with the declaring assembly.
    /// </summary>
    /// <remarks>A step of an invalid workflow (manifests list those too) is written as the first thing it names.</remarks>
    private static string WriteStep(StepModel step) =>
        step.Template is { } template ? "A" + template
        : step.Workflow is { } workflow ? "W" + workflow
        : step.Await is { } request ? "R" + request
        : step.DelaySeconds is { } seconds ? "D" + seconds.ToString(CultureInfo.InvariantCulture)
        : step.Until is { } until ? "U" + until.Name
        : "W";

    private static StepModel? ReadStep(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        var target = text.Substring(1);
        return text[0] switch
        {
            'A' => new StepModel(target, null),
            'W' => new StepModel(null, target),
            'R' => new StepModel(null, null, Await: target),
            'D' when int.TryParse(target, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds) => new StepModel(null, null, DelaySeconds: seconds),
            'U' => new StepModel(null, null, Until: new MethodModel(target, Found: true, IsStatic: true, Parameter: null, ReturnKey: null)),
            _ => null,
        };
    }

    /// <summary>A type written in place (versions 1 and 2, and the <c>Y</c> records of version 3).</summary>
    private static string WriteInlineType(TypeRef type) =>
        string.Join(Part.ToString(), type.FullName, type.Key, type.ShortName, type.IsPublic ? "1" : "0", string.Join(Item.ToString(), type.AssignableTo));

    private static TypeRef? ReadInlineType(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        var p = text.Split(Part);
        return p.Length != 5
            ? null
            : new TypeRef(p[0], p[1], p[2], p[3] == "1", (p[4].Length == 0 ? new string[0] : p[4].Split(Item)).ToEquatableArray());
    }

    /// <summary>The <c>Y</c> records of a manifest being written: each type once, in the order of first use.</summary>
    private sealed class TypeTable
    {
        private readonly Dictionary<TypeRef, int> _positions = new();

        public List<TypeRef> InOrder { get; } = new();

        public string Reference(TypeRef? type)
        {
            if (type is null)
            {
                return string.Empty;
            }

            if (!_positions.TryGetValue(type, out var position))
            {
                position = InOrder.Count;
                _positions.Add(type, position);
                InOrder.Add(type);
            }

            return position.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static string? Empty(string value) => value.Length == 0 ? null : value;
}
