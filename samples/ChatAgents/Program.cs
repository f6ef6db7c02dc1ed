using ChatAgents;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestration;

// A chat agent in a .NET application: the generic host, options bound from appsettings.json (models, prices, strict
// structured output, per-template overrides), logging, and, published with native AOT, no reflection anywhere.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddSingleton<IChatClient>(new OfflineModel());   // a real provider's client in your application
builder.Services.Configure<ChatModelOptions>(builder.Configuration.GetSection("Orchestration:Chat"));
builder.Services.Configure<OrchestrationOptions>(builder.Configuration.GetSection("Orchestration"));
builder.Services.AddOrchestration(o => o.RunTimeout = TimeSpan.FromMinutes(5));
using var host = builder.Build();

var result = await Briefing.RunAsync(new Topic("typed workflows", 3), host.Services);
if (!result.Succeeded)
{
    Console.Error.WriteLine(string.Join("; ", result.Errors));
    return 1;
}

Console.WriteLine(result.Output);
var brief = result.Steps[0];
Console.WriteLine($"briefer: {brief.Attempts} attempts, {brief.Usage.InputTokens} + {brief.Usage.OutputTokens} tokens, cost {brief.Cost:0.######}");
return 0;
