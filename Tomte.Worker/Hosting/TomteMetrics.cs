using System.Diagnostics.Metrics;

namespace Tomte.Worker.Hosting;

/// <summary>Which way a synced record went.</summary>
public enum SyncDirection
{
    Sent,
    ReadBack,
}

/// <summary>
/// Every OpenTelemetry instrument of Tomte, defined in this one place on the meter <see cref="MeterName"/>; the steps
/// record through the methods below. <c>tomte run</c> exports them for Prometheus when Tomte:Metrics:PrometheusPort is set
/// (Status/StatusServiceCollectionExtensions). Names follow the OpenTelemetry conventions; the Prometheus exporter turns
/// <c>tomte.job.duration</c> in seconds into <c>tomte_job_duration_seconds</c>.
/// </summary>
public sealed class TomteMetrics
{
    public const string MeterName = "Tomte";

    private readonly Histogram<double> _jobDuration;
    private readonly Counter<long> _recordsSynced;
    private readonly Counter<long> _lettersSent;

    public TomteMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _jobDuration = meter.CreateHistogram(
            "tomte.job.duration", unit: "s", description: "How long a scheduled job ran, by job and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 10800] });
        _recordsSynced = meter.CreateCounter<long>(
            "tomte.airtable.records", unit: "{record}", description: "Airtable records written (sent) or changed records read back, by table.");
        _lettersSent = meter.CreateCounter<long>(
            "tomte.outreach.letters", unit: "{letter}", description: "Letters and e-mails sent to landowners, by channel.");
    }

    public void JobFinished(string job, Jobs.JobOutcome outcome, TimeSpan duration) =>
        _jobDuration.Record(duration.TotalSeconds,
            new KeyValuePair<string, object?>("job", job),
            new KeyValuePair<string, object?>("outcome", Jobs.JobOutcomes.ToDatabase(outcome)));

    public void RecordsSynced(string table, SyncDirection direction, long count) =>
        _recordsSynced.Add(count,
            new KeyValuePair<string, object?>("table", table),
            new KeyValuePair<string, object?>("direction", direction == SyncDirection.Sent ? "sent" : "read_back"));

    /// <param name="channel">The outbox channel as stored (outreach.outbox.channel: post, epost).</param>
    public void LettersSent(string channel, long count) =>
        _lettersSent.Add(count, new KeyValuePair<string, object?>("channel", channel));
}
