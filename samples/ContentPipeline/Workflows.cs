using Orchestration;

namespace ContentPipeline;

/// <summary>Analyze, enhance, publish: each step's output is the next step's input.</summary>
[Workflow("content_pipeline", Strategy = "sequential", Description = "Analyze, enhance and publish an article")]
[Step("content_analyzer")]
[Step("content_enhancer")]
[Step("content_publisher")]
public static partial class ContentPipelineWorkflow;

/// <summary>Two independent reviews of the same article, run at once.</summary>
[Workflow("review_board", Strategy = "parallel", Description = "Review an article for content and SEO at once")]
[Step("content_analyzer")]
[Step("seo_auditor")]
public static partial class ReviewBoard;

/// <summary>Runs the whole content pipeline as a nested workflow, then writes a digest entry.</summary>
[Workflow("weekly_digest", Strategy = "nested_sequential", MaxDepth = 2)]
[Step(Workflow = "content_pipeline")]
[Step("digest_writer")]
public static partial class WeeklyDigest;

/// <summary>A junior drafts the headline; the senior editor takes over when the junior is not confident.</summary>
[Workflow("headline", Strategy = "teaching", ConfidenceThreshold = 0.7)]
[Step("headline_drafter")]
[Step("senior_editor")]
public static partial class HeadlineWorkflow;

/// <summary>
/// Analyze and enhance an article, then stop until an editor approves it (the run is recorded and the process may
/// exit), then publish it, or record why not.
/// </summary>
[Workflow("editorial_review", Strategy = "sequential", Description = "Enhance an article and publish it once an editor approves")]
[Step("content_analyzer")]
[Step("content_enhancer")]
[Step(Await = "editor_approval")]
[Step("editorial_publisher")]
public static partial class EditorialReview;
