using System;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Orchestration.Runtime.Tests;

/// <summary>The factories and registrations generated modules call instead of a lambda per declaration.</summary>
public class GeneratedRegistrationTests
{
    private static readonly WorkflowDefinition<string, string> Echo = SequentialChain.Define(
        "echo", "sequential", null, 3, null, null, TestAgents.Sync<string, string>("echo_agent", s => s));

    public sealed class EchoRunner(IServiceProvider services) : WorkflowRunner<string, string>(Echo, services);

    public sealed class Note(string text)
    {
        public string Text { get; } = text;
    }

    [Fact]
    public void A_runner_is_registered_by_type_and_keyed_by_workflow_id_and_an_existing_registration_is_kept()
    {
        var services = new ServiceCollection();
        GeneratedRegistration.AddRunner<EchoRunner>(services, "echo");
        using var provider = services.BuildServiceProvider();

        Assert.IsType<EchoRunner>(provider.GetRequiredService<EchoRunner>());
        Assert.Equal("echo", provider.GetRequiredKeyedService<IWorkflowRunner>("echo").Definition.Id);

        var mine = new ServiceCollection();
        var own = new Note("mine");
        mine.AddSingleton(own);
        GeneratedRegistration.AddTransient(mine, _ => new Note("generated"));
        using var kept = mine.BuildServiceProvider();
        Assert.Same(own, kept.GetRequiredService<Note>());
    }

    [Fact]
    public void FromServices_prefers_the_application_s_instance_and_Shared_gives_one_instance_to_every_caller()
    {
        var own = new Note("mine");
        using var withOwn = new ServiceCollection().AddSingleton(own).BuildServiceProvider();
        using var empty = new ServiceCollection().BuildServiceProvider();
        var factory = GeneratedRegistration.FromServices(_ => new Note("created"));

        Assert.Same(own, factory(withOwn));
        Assert.Equal("created", factory(empty).Text);

        var shared = GeneratedRegistration.Shared(new Note("one"));
        Assert.Same(shared(empty), shared(withOwn));
    }

    [Fact]
    public void Null_arguments_are_refused_by_name()
    {
        Assert.Equal("instance", Assert.Throws<ArgumentNullException>(() => GeneratedRegistration.Shared<Note>(null!)).ParamName);
        Assert.Equal("create", Assert.Throws<ArgumentNullException>(() => GeneratedRegistration.FromServices<Note>(null!)).ParamName);
        Assert.Equal("create", Assert.Throws<ArgumentNullException>(() => GeneratedRegistration.AddTransient<Note>(new ServiceCollection(), null!)).ParamName);
        Assert.Equal("workflowId", Assert.Throws<ArgumentNullException>(() => GeneratedRegistration.AddRunner<EchoRunner>(new ServiceCollection(), null!)).ParamName);
    }
}
