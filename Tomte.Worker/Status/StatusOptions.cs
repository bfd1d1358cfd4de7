using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Tomte.Worker.Airtable.Schema;

namespace Tomte.Worker.Status;

/// <summary><c>Tomte:Status</c>: what <c>tomte status</c> and the Systemstatus table count, and against what.</summary>
public sealed class StatusOptions
{
    public const string Section = "Tomte:Status";

    /// <summary>A (dataset, kommune) whose newest successful load is older than this is shown as stale.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Per-dataset exceptions to <see cref="StaleAfter"/>, e.g. the kommune borders change once a year.</summary>
    public Dictionary<string, TimeSpan> StaleAfterPerDataset { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A site counts as qualified when its score is above this (the seed plan: score &gt; 60).</summary>
    [Range(0, 100)]
    public double QualifiedScore { get; set; } = 60;

    /// <summary>
    /// Grunneier statuses (team-owned, read back from Airtable) that count as an active dialogue; empty = svar, dialog, møte.
    /// (A list with defaults would have configured values appended to it by the binder, hence the Effective pair.)
    /// </summary>
    public List<string> ActiveDialogueStatuses { get; set; } = [];

    /// <summary>Grunneier statuses that count as a signed LOI or option; empty = LOI.</summary>
    public List<string> SignedStatuses { get; set; } = [];

    public IReadOnlyList<string> EffectiveActiveDialogueStatuses => ActiveDialogueStatuses.Count == 0 ? ["svar", "dialog", "møte"] : ActiveDialogueStatuses;

    public IReadOnlyList<string> EffectiveSignedStatuses => SignedStatuses.Count == 0 ? ["LOI"] : SignedStatuses;

    /// <summary>A job that failed this many times in a row is shown as failing (issue 13: three).</summary>
    [Range(1, 100)]
    public int FailuresInARow { get; set; } = 3;

    /// <summary>The seed plan's 6-month targets, per stage of the funnel.</summary>
    public FunnelTargets Targets { get; set; } = new();
}

/// <summary>The seed plan's 6-month targets: 5,000 / 1,000 / 300 / 50 / 10 / 5,000.</summary>
public sealed class FunnelTargets
{
    [Range(1, int.MaxValue)]
    public int PolygonsAnalysed { get; set; } = 5_000;

    [Range(1, int.MaxValue)]
    public int Qualified { get; set; } = 1_000;

    [Range(1, int.MaxValue)]
    public int OwnersContacted { get; set; } = 300;

    [Range(1, int.MaxValue)]
    public int ActiveDialogues { get; set; } = 50;

    [Range(1, int.MaxValue)]
    public int Signed { get; set; } = 10;

    [Range(1, int.MaxValue)]
    public int HousingCapacity { get; set; } = 5_000;

    public int For(FunnelStage stage) => stage switch
    {
        FunnelStage.PolygonsAnalysed => PolygonsAnalysed,
        FunnelStage.Qualified => Qualified,
        FunnelStage.OwnersContacted => OwnersContacted,
        FunnelStage.ActiveDialogues => ActiveDialogues,
        FunnelStage.Signed => Signed,
        FunnelStage.HousingCapacity => HousingCapacity,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };
}

internal sealed class StatusOptionsValidator : IValidateOptions<StatusOptions>
{
    public ValidateOptionsResult Validate(string? name, StatusOptions options)
    {
        const string section = StatusOptions.Section;
        var failures = new List<string>();
        if (options.StaleAfter <= TimeSpan.Zero)
        {
            failures.Add($"{section}:StaleAfter is {options.StaleAfter}; it must be positive (e.g. 3.00:00:00 for three days).");
        }
        foreach (var (dataset, age) in options.StaleAfterPerDataset)
        {
            if (age <= TimeSpan.Zero)
            {
                failures.Add($"{section}:StaleAfterPerDataset:{dataset} is {age}; it must be positive.");
            }
        }
        CheckStatuses(failures, $"{section}:ActiveDialogueStatuses", options.ActiveDialogueStatuses);
        CheckStatuses(failures, $"{section}:SignedStatuses", options.SignedStatuses);
        foreach (var stage in Enum.GetValues<FunnelStage>())
        {
            if (options.Targets.For(stage) < 1)
            {
                failures.Add($"{section}:Targets:{stage} is {options.Targets.For(stage)}; it must be at least 1.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckStatuses(List<string> failures, string key, List<string> statuses)
    {
        for (var i = 0; i < statuses.Count; i++)
        {
            if (!TomteSchema.GrunneierStatus.Contains(statuses[i]))
            {
                failures.Add($"{key}:{i} '{statuses[i]}' is not a Grunneiere status (one of {string.Join(", ", TomteSchema.GrunneierStatus)}).");
            }
        }
    }
}
