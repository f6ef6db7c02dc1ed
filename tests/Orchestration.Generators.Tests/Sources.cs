namespace Orchestration.Generators.Tests;

/// <summary>Declarations the tests share: a small content domain with plain agents.</summary>
internal static class Sources
{
    public const string Domain = GeneratorHarness.Usings + """
        namespace Shop;

        public sealed record Order(string Customer, int Items);
        public sealed record Priced(Order Order, decimal Total);
        public sealed record Receipt(string Text);
        public sealed record Risk(double Score);

        [AgentTemplate("pricer", Role = "Pricer", Tier = ModelTier.Cheap, Capabilities = new[] { "pricing" }, TimeoutSeconds = 30)]
        [QualityGate("max_total", 1000)]
        public sealed class Pricer : IAgent<Order, Priced>
        {
            public ValueTask<Priced> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken)
            {
                context.Confidence = 0.75;
                return ValueTask.FromResult(new Priced(input, input.Items * 2.5m));
            }
        }

        public interface IClock { string Now { get; } }
        public sealed class FixedClock : IClock { public string Now => "noon"; }

        [AgentTemplate("receipt_writer", Role = "Clerk")]
        public sealed class ReceiptWriter(IClock clock) : IAgent<Priced, Receipt>
        {
            public async ValueTask<Receipt> RunAsync(Priced input, AgentContext context, CancellationToken cancellationToken)
            {
                await Task.Yield();
                return new Receipt($"{input.Order.Customer}: {input.Total} at {clock.Now}");
            }
        }

        [AgentTemplate("risk_scorer", Role = "Risk", Tier = ModelTier.Premium, Capabilities = new[] { "risk", "pricing" }, MaxAttempts = 3, RetryBackoffMs = 50)]
        public sealed class RiskScorer : IAgent<Order, Risk>
        {
            public ValueTask<Risk> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) =>
                ValueTask.FromResult(new Risk(input.Items > 10 ? 0.9 : 0.1));
        }
        """;

    public const string Workflows = """

        [Workflow("checkout", Strategy = "sequential", Description = "Price an order and write its receipt")]
        [Step("pricer")]
        [Step("receipt_writer")]
        public static partial class Checkout;

        [Workflow("assessment", Strategy = "parallel")]
        [Step("pricer")]
        [Step("risk_scorer")]
        public static partial class Assessment;

        [Workflow("audited_checkout", Strategy = "nested_sequential", MaxDepth = 2)]
        [Step(Workflow = "checkout")]
        [Step("receipt_auditor")]
        public static partial class AuditedCheckout;

        [AgentTemplate("receipt_auditor", Role = "Auditor")]
        public sealed class ReceiptAuditor : IAgent<Receipt, string>
        {
            public ValueTask<string> RunAsync(Receipt input, AgentContext context, CancellationToken cancellationToken) =>
                ValueTask.FromResult("audited " + input.Text);
        }
        """;
}
