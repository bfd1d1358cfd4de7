using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Status;

namespace Tomte.Tests.Status;

/// <summary><c>tomte status</c>'s figures against hand-made data with known counts (<see cref="StatusData"/>).</summary>
public sealed class StatusReportTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        await StatusData.InsertAsync(_database);
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    private async Task<StatusReport> ReadAsync(IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?> { ["Tomte:Status:StaleAfterPerDataset:kommune"] = "400.00:00:00" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        using var host = TestHost.Build(_database, values, services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(StatusData.Now)));
        return await TestHost.Get<StatusReader>(host).ReadAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_funnel_counts_match_the_hand_made_data_against_the_seed_plans_targets()
    {
        var report = await ReadAsync();

        Assert.Equal(
        [
            (FunnelStage.PolygonsAnalysed, 10L, 5_000),   // current sites only; regulert and borte are history
            (FunnelStage.Qualified, 4L, 1_000),           // score above 60: 61, 75, 80, 99 (not 60.0, not 59.9)
            (FunnelStage.OwnersContacted, 3L, 300),       // distinct owners with a sent outbox row
            (FunnelStage.ActiveDialogues, 3L, 50),        // current team status svar, dialog or møte
            (FunnelStage.Signed, 1L, 10),                 // current team status LOI (was dialog before)
            (FunnelStage.HousingCapacity, 180L, 5_000),   // dwellings on the qualified sites: 30 + 40 + 50 + 60
        ], report.Funnel.Select(f => (f.Stage, f.Count, f.Target)));
    }

    [Fact]
    public async Task Targets_and_the_statuses_that_count_come_from_configuration()
    {
        var report = await ReadAsync(new Dictionary<string, string?>
        {
            ["Tomte:Status:QualifiedScore"] = "70",
            ["Tomte:Status:ActiveDialogueStatuses:0"] = "møte",
            ["Tomte:Status:SignedStatuses:0"] = "LOI",
            ["Tomte:Status:SignedStatuses:1"] = "ikke interessert",
            ["Tomte:Status:Targets:Qualified"] = "8",
            ["Tomte:Airtable:MonthlyCallBudget"] = "1000",
        });

        Assert.Equal((3L, 8), report.Funnel.Where(f => f.Stage == FunnelStage.Qualified).Select(f => (f.Count, f.Target)).Single());
        Assert.Equal(150L, report.Funnel.Single(f => f.Stage == FunnelStage.HousingCapacity).Count);
        Assert.Equal(1L, report.Funnel.Single(f => f.Stage == FunnelStage.ActiveDialogues).Count);
        Assert.Equal(2L, report.Funnel.Single(f => f.Stage == FunnelStage.Signed).Count);
        Assert.Equal(1000, report.Calls.Budget);
        Assert.Equal("over budsjett", StatusText.Budget(report.Calls));
    }

    [Fact]
    public async Task Airtable_calls_are_this_months_in_Norwegian_time_over_every_base()
    {
        var report = await ReadAsync();

        Assert.Equal(new CallBudget(new DateOnly(2026, 11, 1), 2_000, 3, 100_000), report.Calls);
        Assert.Equal("Airtable-kall i november 2026: 2\u00a0000 av 100\u00a0000 (2 %, innenfor budsjett), 3 svar med 429.", StatusText.CallsLine(report.Calls));
    }

    [Fact]
    public async Task Each_job_shows_its_last_run_and_a_job_failing_three_times_in_a_row_is_marked()
    {
        var report = await ReadAsync();

        var ingest = report.Jobs.Single(j => j.Name == "ingest");
        Assert.Equal((JobOutcome.Failed, 3, true), (ingest.LastOutcome, ingest.FailuresInARow, ingest.Failing));
        Assert.Equal(TimeSpan.FromSeconds(150), ingest.LastDuration);
        Assert.Equal("WFS svarte 504", ingest.LastError);
        Assert.Equal("feilet 3 ganger på rad på 2,5 min: WFS svarte 504", StatusText.JobValue(ingest));

        var sync = report.Jobs.Single(j => j.Name == "airtable-sync");
        Assert.Equal((JobOutcome.Succeeded, 0, false, (string?)null), (sync.LastOutcome, sync.FailuresInARow, sync.Failing, sync.LastError));
        Assert.Equal(TimeSpan.FromSeconds(12.5), sync.LastDuration);

        var prune = report.Jobs.Single(j => j.Name == "prune-job-history");
        Assert.Equal((JobOutcome.Running, (TimeSpan?)null), (prune.LastOutcome, prune.LastDuration));
        // No service has started on this database, so Quartz has no tables and no job has a next fire time.
        Assert.All(report.Jobs, j => Assert.Null(j.NextFire));
    }

    [Fact]
    public async Task A_skipped_or_interrupted_last_run_is_shown_as_such_and_neither_breaks_nor_extends_a_failure_streak()
    {
        // The owners job skips when no site is due; a shutdown interrupts a run. Both are outcomes the recorder writes.
        await _database.ScalarAsync<int>("""
            INSERT INTO ops.job_run (job_name, fire_instance_id, instance_name, scheduled_at, started_at, finished_at, outcome, error)
            VALUES ('owners', 'o1', 'test', NULL, timestamptz '2026-11-30 03:05+00', timestamptz '2026-11-30 03:05:01+00', 'skipped', NULL),
                   ('ingest', 'f5', 'test', NULL, timestamptz '2026-11-30 03:00+00', timestamptz '2026-11-30 03:00:30+00', 'interrupted',
                    'interrupted by the service''s shutdown; runs again at the next start')
            RETURNING 1
            """);

        var report = await ReadAsync();

        var owners = report.Jobs.Single(j => j.Name == "owners");
        Assert.Equal((JobOutcome.Skipped, 0, false), (owners.LastOutcome, owners.FailuresInARow, owners.Failing));
        Assert.Equal("hoppet over på 1,0 s", StatusText.JobValue(owners));
        var ingest = report.Jobs.Single(j => j.Name == "ingest");
        Assert.Equal((JobOutcome.Interrupted, 3, true), (ingest.LastOutcome, ingest.FailuresInARow, ingest.Failing));
        Assert.StartsWith("feilet 3 ganger på rad", StatusText.JobValue(ingest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_freshness_per_source_and_kommune_flags_stale_and_failed_loads()
    {
        var report = await ReadAsync();

        var plans = report.Sources.Single(s => s.Dataset == "kp-planomrade");
        Assert.Equal(
            [("3207", true, true), ("3218", false, false)],
            plans.Kommuner.Select(k => (k.Kommunenummer!, k.Stale, k.LastAttemptFailed)));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 7, 1, 0, TimeSpan.Zero), plans.Newest);
        Assert.Equal("foreldet", StatusText.Freshness(plans));
        Assert.Equal("2 kommuner, nyeste for 1 t siden, 1 foreldet (over 3 døgn): 3207; siste forsøk feilet for 1", StatusText.SourceValue(plans, report.At));

        // The borders are national and 10 days old, within their own 400 days.
        var borders = report.Sources.Single(s => s.Dataset == "kommune");
        Assert.Equal((null, false), borders.Kommuner.Select(k => (k.Kommunenummer, k.Stale)).Single());
        Assert.Equal("fersk", StatusText.Freshness(borders));
    }

    [Fact]
    public async Task The_status_text_reads_top_to_bottom_in_Norwegian()
    {
        var report = await ReadAsync();

        var text = StatusText.Format(report, details: true);

        var lines = text.Split(Environment.NewLine);
        Assert.Equal("Tomte status 30.11.2026 10:00 (norsk tid)", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("!!ingest ", StringComparison.Ordinal) && l.Contains("sist 29.11.2026 04:00", StringComparison.Ordinal)
            && l.EndsWith("feilet 3 ganger på rad på 2,5 min: WFS svarte 504", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  airtable-sync ", StringComparison.Ordinal) && l.EndsWith("vellykket på 12,5 s", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("!!kp-planomrade ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Trim().StartsWith("3207 ", StringComparison.Ordinal) && l.Contains("foreldet", StringComparison.Ordinal) && l.EndsWith("siste forsøk feilet", StringComparison.Ordinal));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, "^  kvalifiserte tomter +4 av 1\u00a0000 +0 %$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, "^  estimert boligkapasitet +180 av 5\u00a0000 +4 %$"));
        Assert.True(Array.IndexOf(lines, "Jobber") < Array.IndexOf(lines, "Datakilder (ingest.load)"));
        Assert.True(Array.IndexOf(lines, "Datakilder (ingest.load)") < Array.IndexOf(lines, "Salgstrakten mot målene for seks måneder"));
    }
}
