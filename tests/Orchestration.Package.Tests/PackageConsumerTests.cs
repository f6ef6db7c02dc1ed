using System;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace Orchestration.Package.Tests;

/// <summary>
/// Packs the library, then builds and runs a separate project that references the package from a local folder feed:
/// what a user gets from one PackageReference.
/// </summary>
public sealed class PackageConsumerTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "orchestration-package-" + Guid.NewGuid().ToString("N"));

    // A version no other run has used, so the global package cache never serves a stale copy.
    private readonly string _version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + "." + Guid.NewGuid().ToString("N")[..8];

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is harmless.
        }
    }

    [Fact]
    public void The_package_carries_the_runtime_in_lib_and_the_compiler_components_in_analyzers_and_a_consumer_builds_and_runs()
    {
        var feed = Path.Combine(_work, "feed");
        var pack = DotNet.Run(DotNet.RepositoryRoot, "pack", "src/Orchestration.Runtime/Orchestration.Runtime.csproj", "-c", "Release", "-o", feed, $"-p:PackageVersion={_version}");
        Assert.True(pack.ExitCode == 0, pack.Output);

        var package = Path.Combine(feed, $"Orchestration.{_version}.nupkg");
        using (var zip = ZipFile.OpenRead(package))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToArray();
            Assert.Contains("lib/net8.0/Orchestration.Runtime.dll", entries);
            Assert.Contains("lib/net10.0/Orchestration.Runtime.dll", entries);
            Assert.Contains("lib/net10.0/Orchestration.Runtime.xml", entries);
            Assert.Contains("analyzers/dotnet/cs/Orchestration.Generators.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/Orchestration.Analyzers.dll", entries);
            Assert.Contains("buildTransitive/Orchestration.props", entries);
            Assert.DoesNotContain(entries, e => e.Contains("Microsoft.CodeAnalysis", StringComparison.Ordinal));
            using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var manifest = nuspec.ReadToEnd();
            Assert.Contains("Microsoft.Extensions.DependencyInjection.Abstractions", manifest);
            Assert.DoesNotContain("Microsoft.CodeAnalysis", manifest);
        }

        var consumer = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(consumer);
        File.WriteAllText(Path.Combine(consumer, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
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
                <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="10.0.0" />
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
    }
}
