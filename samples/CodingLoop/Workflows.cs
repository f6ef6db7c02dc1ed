using Orchestration;

namespace CodingLoop;

/// <summary>Implement, check, fix, until the checks pass: at most four rounds of checks, and running out is not success.</summary>
[Workflow("implement", Strategy = "refinement", MaxIterations = 4, Description = "Write the file, run the checks, fix until they pass")]
[Step("coder")]
[Step("checks")]
[Step("fixer")]
public static partial class Implement;

/// <summary>Design → plan → implement: hoidn-style, typed end to end and checked at build time.</summary>
[Workflow("feature", Strategy = "nested_sequential", Description = "Design, plan and implement a feature")]
[Step("designer")]
[Step("planner")]
[Step(Workflow = "implement")]
public static partial class FeatureWorkflow;
