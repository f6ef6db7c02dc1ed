using System;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace Orchestration.Package.Tests;

/// <summary>
/// Packs the library, then builds and runs a separate project that references the package from a local folder feed:
/// what a user gets from one PackageReference.
/// </summary>
public sealed class PackageConsumerTests(PackedPackage packed) : IClassFixture<PackedPackage>
{
    private readonly string _work = packed.Work;
    private readonly string _version = packed.Version;

    [Fact]
    public void The_package_carries_the_runtime_in_lib_and_the_compiler_components_in_analyzers_and_a_consumer_builds_and_runs()
    {
        var feed = packed.Feed;
        var package = Path.Combine(feed, $"Orchestration.{_version}.nupkg");
        Assert.True(File.Exists(Path.Combine(feed, $"Orchestration.{_version}.snupkg")), "no symbols package beside the package");
        using (var zip = ZipFile.OpenRead(package))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToArray();
            Assert.Contains("lib/net8.0/Orchestration.Runtime.dll", entries);
            Assert.Contains("lib/net10.0/Orchestration.Runtime.dll", entries);
            Assert.Contains("lib/net10.0/Orchestration.Runtime.xml", entries);
            Assert.Contains("analyzers/dotnet/roslyn4.8/cs/Orchestration.Generators.dll", entries);
            Assert.Contains("analyzers/dotnet/roslyn4.8/cs/Orchestration.Analyzers.dll", entries);
            Assert.DoesNotContain("analyzers/dotnet/roslyn4.8/cs/Orchestration.CodeFixes.dll", entries);
            Assert.Contains("analyzers/dotnet/roslyn4.14/cs/Orchestration.Generators.dll", entries);
            Assert.Contains("analyzers/dotnet/roslyn4.14/cs/Orchestration.Analyzers.dll", entries);
            Assert.Contains("analyzers/dotnet/roslyn4.14/cs/Orchestration.CodeFixes.dll", entries);
            Assert.Contains("buildTransitive/Orchestration.props", entries);
            Assert.DoesNotContain(entries, e => e.Contains("Microsoft.CodeAnalysis", StringComparison.Ordinal));
            using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var manifest = nuspec.ReadToEnd();
            Assert.Contains("Microsoft.Extensions.DependencyInjection.Abstractions", manifest);
            Assert.DoesNotContain("Microsoft.CodeAnalysis", manifest);
            Assert.Contains("<license type=\"expression\">MIT</license>", manifest);
            Assert.Contains("<projectUrl>https://github.com/orchestration-dotnet/orchestration</projectUrl>", manifest);
            Assert.Contains("<repository type=\"git\" url=\"https://github.com/orchestration-dotnet/orchestration\"", manifest);
        }

        // The diagnostics' help links point into the same repository, at pages that exist.
        var repository = System.Text.RegularExpressions.Regex.Match(
            File.ReadAllText(Path.Combine(DotNet.RepositoryRoot, "Directory.Build.props")), "<RepositoryUrl>(.*)</RepositoryUrl>").Groups[1].Value;
        Assert.Contains($"\"{repository}/blob/main/docs/diagnostics/\"",
            File.ReadAllText(Path.Combine(DotNet.RepositoryRoot, "src", "Orchestration.Analyzers", "DiagnosticDescriptors.cs")));
        var ids = System.Text.RegularExpressions.Regex.Matches(
            File.ReadAllText(Path.Combine(DotNet.RepositoryRoot, "src", "Orchestration.Analyzers", "DiagnosticDescriptors.cs")), "\"(ORCH\\d{4})\"");
        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.True(File.Exists(Path.Combine(DotNet.RepositoryRoot, "docs", "diagnostics", id.Groups[1].Value + ".md")), id.Groups[1].Value));

        var consumer = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(consumer);
        packed.WriteNuGetConfig(consumer);
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <GenerateDocumentationFile>true</GenerateDocumentationFile>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <OrchestrationMaxDepth>7</OrchestrationMaxDepth>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Orchestration" Version="{_version}" />
                <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="10.0.5" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
            using Microsoft.Extensions.DependencyInjection;
            using Orchestration;

            using var services = new ServiceCollection().AddOrchestration().BuildServiceProvider();
            var result = await Greeting.RunAsync("world", services);
            var length = await services.GetRequiredService<Greeting.Runner>().RunAsync("package");
            Console.WriteLine($"{result.Status}: {result.Output} / {length.Output} / {string.Join(",", services.GetRequiredService<OrchestrationRegistry>().Templates.All.Select(t => t.Id))} / depth {Greeting.Definition.MaxDepth}");

            /// <summary>Says hello.</summary>
            [AgentTemplate("greeter", Role = "Greeter")]
            public sealed class Greeter : IAgent<string, string>
            {
                /// <inheritdoc />
                public ValueTask<string> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult($"hello {input}");
            }

            /// <summary>Counts characters.</summary>
            [AgentTemplate("counter")]
            public sealed class Counter : IAgent<string, int>
            {
                /// <inheritdoc />
                public ValueTask<int> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(input.Length);
            }

            /// <summary>Greets, then counts.</summary>
            [Workflow("greeting")]
            [Step("greeter")]
            [Step("counter")]
            public static partial class Greeting;
            """);

        var run = DotNet.Run(consumer, "run", "--configfile", Path.Combine(consumer, "NuGet.config"));

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("Completed: 11 / 13 / greeter,counter / depth 7", run.Output);

        // The same project with mistakes fails to build, with each rule's id at the line and column of the wrong argument.
        var mistakes = Path.Combine(consumer, "Mistakes.cs");
        File.WriteAllText(mistakes, Mistakes);
        var build = DotNet.Run(consumer, "build", "--no-restore");
        Assert.NotEqual(0, build.ExitCode);
        var reported = build.Output.Split('\n')
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"Mistakes\.cs\((\d+),(\d+)\): error (ORCH\d{4})"))
            .Where(m => m.Success)
            .Select(m => $"{m.Groups[1].Value},{m.Groups[2].Value} {m.Groups[3].Value}")
            .Distinct()
            .OrderBy(x => x, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(ExpectedMistakes().OrderBy(x => x, StringComparer.Ordinal), reported);

        // Fixed (the mistakes removed), it builds clean again.
        File.Delete(mistakes);
        var clean = DotNet.Run(consumer, "build", "--no-restore");
        Assert.True(clean.ExitCode == 0, clean.Output);
    }

    [Fact]
    public void The_readme_s_30_second_example_builds_and_runs_as_written_in_a_new_console_project_with_only_the_package()
    {
        var readme = File.ReadAllText(Path.Combine(DotNet.RepositoryRoot, "README.md")).Replace("\r\n", "\n");
        var section = readme[readme.IndexOf("## 30-second example", StringComparison.Ordinal)..];
        var start = section.IndexOf("```csharp\n", StringComparison.Ordinal) + "```csharp\n".Length;
        var example = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];

        var app = Path.Combine(_work, "readme");
        Directory.CreateDirectory(app);
        packed.WriteNuGetConfig(app);
        // What `dotnet new console` writes, plus the package.
        File.WriteAllText(Path.Combine(app, "ReadmeApp.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Orchestration" Version="{_version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), example);

        var run = DotNet.Run(app, "run", "--configfile", Path.Combine(app, "NuGet.config"));

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains(Path.Combine("out", "post.md"), run.Output);
        Assert.DoesNotContain("warning", run.Output, StringComparison.OrdinalIgnoreCase);
    }

    private const string Mistakes = """
        using Orchestration;
        using Orchestration.Strategies;

        [Workflow("typo_strategy", Strategy = "sequencial")]
        [Step("greeter")]
        public static partial class TypoStrategy;

        [Workflow("dangling", Strategy = "nested_sequential")]
        [Step(Workflow = "greting")]
        public static partial class Dangling;

        [Workflow("d1", Strategy = "nested_sequential")] [Step(Workflow = "greeting")] public static partial class D1;
        [Workflow("d2", Strategy = "nested_sequential", MaxDepth = 1)] [Step(Workflow = "d1")] public static partial class D2;

        [Workflow("unknown_template")]
        [Step("greter")]
        public static partial class UnknownTemplate;

        [Workflow("ping", Strategy = "nested_sequential")] [Step(Workflow = "pong")] public static partial class Ping;
        [Workflow("pong", Strategy = "nested_sequential")] [Step(Workflow = "ping")] public static partial class Pong;

        [Workflow("mistyped")]
        [Step("counter")]
        [Step("greeter")]
        public static partial class Mistyped;

        [Workflow("empty")]
        public static partial class Empty;

        [Workflow("greeting")]
        [Step("greeter")]
        public static partial class DuplicateGreeting;

        /// <summary>Not a strategy.</summary>
        [Strategy("round_robin")]
        public sealed class RoundRobin { }

        [Workflow("")]
        [Step("greeter")]
        public static partial class Blank;

        [Workflow("both")]
        [Step("greeter", Workflow = "greeting")]
        public static partial class Both;

        [Workflow("not_partial")]
        [Step("greeter")]
        public static class NotPartial { }

        /// <summary>Not an agent.</summary>
        [AgentTemplate("auditor")]
        public sealed class Auditor { }

        /// <summary>Looks up a misspelled strategy.</summary>
        public static class Lookups
        {
            /// <summary>Throws at run time, so it is an error at build time.</summary>
            public static ExecutionStrategy Find(OrchestrationRegistry registry) => registry.Strategies.Get("paralel");
        }
        """;

    /// <summary>"line,column ORCHxxxx" for each mistake, located by the text of the argument that is wrong.</summary>
    private static string[] ExpectedMistakes()
    {
        var lines = Mistakes.Split('\n');

        // The diagnostic sits on the line "lineOffset" lines after the first line containing "anchor", at "token".
        string At(string anchor, string token, string id, int lineOffset = 0)
        {
            var line = Array.FindIndex(lines, l => l.Contains(anchor, StringComparison.Ordinal)) + lineOffset;
            var column = lines[line].IndexOf(token, StringComparison.Ordinal);
            Assert.True(column >= 0, $"'{token}' not on line {line + 1}");
            return $"{line + 1},{column + 1} {id}";
        }

        return
        [
            At("typo_strategy", "\"sequencial\"", "ORCH0001"),
            At("\"greting\"", "\"greting\"", "ORCH0002"),
            At("class D2", "\"d1\"", "ORCH0003"),
            At("\"greter\"", "\"greter\"", "ORCH0004"),
            At("class Ping", "\"pong\"", "ORCH0005"),
            At("class Pong", "\"ping\"", "ORCH0005"),
            At("[Step(\"counter\")]", "\"greeter\"", "ORCH0006", lineOffset: 1),
            At("[Workflow(\"empty\")]", "Workflow(", "ORCH0007"),
            At("class DuplicateGreeting", "\"greeting\"", "ORCH0008", lineOffset: -2),
            At("class RoundRobin", "RoundRobin", "ORCH0009"),
            At("[Workflow(\"\")]", "\"\"", "ORCH0010"),
            At("[Step(\"greeter\", Workflow", "Step(", "ORCH0011"),
            At("class NotPartial", "NotPartial", "ORCH0012"),
            At("class Auditor", "Auditor", "ORCH0013"),
            At("\"paralel\"", "\"paralel\"", "ORCH0014"),
        ];
    }
}

/// <summary>Packs the library once for the tests of a class, under a version no other run has used.</summary>
public sealed class PackedPackage : IDisposable
{
    public PackedPackage()
    {
        Feed = Path.Combine(Work, "feed");
        var pack = DotNet.Run(DotNet.RepositoryRoot, "pack", "src/Orchestration.Runtime/Orchestration.Runtime.csproj", "-c", "Release", "-o", Feed, $"-p:PackageVersion={Version}");
        Assert.True(pack.ExitCode == 0, pack.Output);
    }

    public string Work { get; } = Path.Combine(Path.GetTempPath(), "orchestration-package-" + Guid.NewGuid().ToString("N"));

    // A version no other run has used, so the global package cache never serves a stale copy.
    public string Version { get; } = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + "." + Guid.NewGuid().ToString("N")[..8];

    public string Feed { get; }

    /// <summary>A NuGet.config with the local feed first, then nuget.org for the package's dependencies.</summary>
    public void WriteNuGetConfig(string directory) => File.WriteAllText(Path.Combine(directory, "NuGet.config"), $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="local" value="{Feed}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
          </packageSources>
        </configuration>
        """);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Work, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is harmless.
        }
    }
}
