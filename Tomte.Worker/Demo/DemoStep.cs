namespace Tomte.Worker.Demo;

/// <summary>
/// One step of <c>tomte demo</c>. The demo prints one line per step (with a counter while a long step runs) and
/// collects what each step wrote into the final summary and the report. A new pipeline step implements this and
/// adds one line to <see cref="DemoServiceCollectionExtensions.AddTomteDemo"/>.
/// </summary>
public interface IDemoStep
{
    /// <summary>What the step is doing, in Norwegian, shown while it runs (e.g. "Laster inn eksempeldata").</summary>
    string Title { get; }

    Task<DemoStepResult> RunAsync(DemoContext context, CancellationToken cancellationToken);
}

/// <param name="OutputDirectory">The demo's folder (out/demo); steps write their files below it.</param>
/// <param name="Progress">How far a long step has come, shown as a counter on the step's line.</param>
public sealed record DemoContext(string OutputDirectory, IProgress<DemoCount> Progress);

/// <summary>Items done of a total (files read, records sent ...), for the step's counter.</summary>
public readonly record struct DemoCount(int Done, int Total);

/// <param name="Summary">The step's one line for the console and the report, in Norwegian.</param>
/// <param name="ReportSection">Markdown the step adds to rapport.md, if any.</param>
/// <param name="Artifacts">Files or folders the step wrote under the demo folder, for the final summary.</param>
/// <param name="Details">A block printed under the step's line when what it found is the point (e.g. the largest sites).</param>
public sealed record DemoStepResult(string Summary, string? ReportSection = null, IReadOnlyList<DemoArtifact>? Artifacts = null, string? Details = null);

/// <param name="RelativePath">Relative to the demo folder, e.g. "airtable/".</param>
/// <param name="Description">What a user finds there, in Norwegian.</param>
public sealed record DemoArtifact(string RelativePath, string Description);
