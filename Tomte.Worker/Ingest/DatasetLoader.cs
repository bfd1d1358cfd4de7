using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Tomte.Worker.Ingest.LoadChecks;

namespace Tomte.Worker.Ingest;

/// <summary>
/// Loads one source into one dataset: binary COPY into a staging table, then in one transaction repair,
/// transform to EPSG:25833, detect plan changes and swap each (dataset, kommune). Readers never see a
/// half-loaded kommune and a failed load leaves the previous data as it was; every attempt is recorded in
/// ingest.load, failures in their own transaction.
/// </summary>
public sealed class DatasetLoader(NpgsqlDataSource dataSource, IOptions<IngestOptions> options, TimeProvider time, ILogger<DatasetLoader> logger)
{
    public async Task<LoadResult> LoadAsync(LoadRequest request, IProgress<LoadProgress>? progress, CancellationToken cancellationToken)
    {
        var dataset = request.Dataset;
        var (asked, renumbered) = request.Kommunenummer is { } given ? KommuneNumberCheck.Requested(given) : (null, null);
        request = request with { Kommunenummer = asked };
        if (request.Kommunenummer is { } requested)
        {
            await Kommuner.EnsureKnownAsync(dataSource, requested, againstBorders: !dataset.OnePerKommune, cancellationToken);
        }
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        using var run = new Run(request, options.Value);
        if (renumbered is not null)
        {
            run.Notices.Add(renumbered);
        }
        logger.LoadStarting(dataset.Name, request.Source.Description, request.Kommunenummer ?? "*");
        try
        {
            var result = await LoadInTransactionAsync(run, startedAt, started, progress, cancellationToken);
            foreach (var kommune in result.Kommuner)
            {
                logger.LoadFinished(dataset.Name, kommune.Kommunenummer, LoadVocabulary.Text(kommune.Outcome), kommune.FeatureCount, kommune.Repaired, kommune.Dropped, (long)result.Duration.TotalMilliseconds);
            }
            return result;
        }
        catch (Exception ex)
        {
            logger.LoadFailed(dataset.Name, request.Source.Description, ex);
            try
            {
                await LoadRecords.InsertFailureAsync(dataSource, request, startedAt, time.GetUtcNow(), (long)time.GetElapsedTime(started).TotalMilliseconds, run.FeaturesRead, ex);
            }
            catch (Exception recordError)
            {
                // The caller must learn why the load failed, not why its record could not be written.
                logger.LoadFailureNotRecorded(dataset.Name, recordError);
            }
            throw;
        }
    }

    private async Task<LoadResult> LoadInTransactionAsync(Run run, DateTimeOffset startedAt, long started, IProgress<LoadProgress>? progress, CancellationToken cancellationToken)
    {
        var (request, dataset) = (run.Request, run.Request.Dataset);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // ST_IsValid reports each invalid ring as a NOTICE; we count them instead.
        await using (var quiet = new NpgsqlCommand("SET LOCAL client_min_messages = warning", connection))
        {
            await quiet.ExecuteNonQueryAsync(cancellationToken);
        }
        await StagingTable.CreateAsync(connection, dataset, run.Options, cancellationToken);

        run.Numbers = await KommuneNumberCheck.CreateAsync(dataSource, dataset, request.Source.Description, cancellationToken);
        await CopyAsync(connection, run, started, progress, cancellationToken);
        logger.LoadPhase(dataset.Name, "copy", (long)time.GetElapsedTime(started).TotalMilliseconds);

        var kommuner = run.Checksums.Kommuner.Order(StringComparer.Ordinal).ToList();
        if (request.Kommunenummer is { } requested && !kommuner.Contains(requested))
        {
            if (!(dataset.MayBeEmpty && request.AllowEmpty))
            {
                throw new SourceFormatException(request.Source.Description, null,
                    $"no {dataset.Name} features for kommune {requested} ({run.FeaturesRead} features read, {run.SkippedOtherKommuner} of other kommuner, {run.OtherFeatureTypes} of other feature types)");
            }
            kommuner.Add(requested);
        }
        if (kommuner.Count == 0)
        {
            throw new SourceFormatException(request.Source.Description, null,
                $"no {dataset.Name} features ({run.FeaturesRead} features read, {run.OtherFeatureTypes} of other feature types)");
        }

        // Without --kommune a check refuses a kommune, not the file: the other kommuner of a national file still load.
        var failures = new KommuneFailures(perKommune: request.Kommunenummer is null);
        var checks = await StagedChecks.RunAsync(connection, dataset, request.Source.Description, run.Options, run.Numbers, failures, logger, cancellationToken);
        if (failures.Failed.Count == kommuner.Count)
        {
            // Nothing left to load: the file is wrong as a whole, and fails as one load.
            throw failures.Failed[0].Error;
        }
        run.Notices.AddRange(checks.Notices);
        run.Notices.AddRange(run.Refused.Where(r => !failures.Contains(r.Key)).OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => LoadReport.RefusedNotice(r.Key, r.Value)));
        var counts = await StagingTable.CountsAsync(connection, cancellationToken);
        logger.LoadPhase(dataset.Name, "repair", (long)time.GetElapsedTime(started).TotalMilliseconds);

        var loading = kommuner.Where(k => !failures.Contains(k)).ToList();
        await LockAsync(connection, dataset, loading, cancellationToken);
        var previous = await LoadRecords.PreviousChecksumsAsync(connection, dataset, loading, cancellationToken);
        var finished = loading.Select(kommune =>
        {
            var checksum = run.Checksums.Checksum(kommune);
            var (featureCount, repaired, dropped) = counts.GetValueOrDefault(kommune);
            var outcome = previous.TryGetValue(kommune, out var last) && last == checksum ? LoadOutcome.Unchanged : LoadOutcome.Loaded;
            return new LoadRecords.Finished(kommune, outcome, featureCount, repaired, dropped, checksum,
                checks.ReportFor(kommune, run.Numbers, run.Refused.GetValueOrDefault(kommune)));
        }).ToList();
        var loadIds = await LoadRecords.InsertAsync(connection, request, run.SkippedOtherKommuner, startedAt, time.GetUtcNow(),
            (long)time.GetElapsedTime(started).TotalMilliseconds, finished, cancellationToken);
        var swapped = finished.Where(f => f.Outcome == LoadOutcome.Loaded).ToDictionary(f => f.Kommune, f => loadIds[f.Kommune], StringComparer.Ordinal);
        var changes = new Dictionary<string, ChangeSummary>(StringComparer.Ordinal);
        if (dataset.TracksPlans)
        {
            var again = swapped.Where(s => previous.ContainsKey(s.Key)).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
            changes = await PlanChanges.DetectAsync(connection, dataset, again, run.Options.EffectiveAdoptedPlanstatus, time.GetUtcNow(), cancellationToken);
        }
        await KommuneSwap.SwapAsync(connection, dataset, swapped, cancellationToken);

        var loads = new List<KommuneLoad>();
        foreach (var load in finished)
        {
            // An unchanged source changed no plan either; saying so beats an empty cell in the report.
            ChangeSummary? change = !dataset.TracksPlans ? null
                : load.Outcome == LoadOutcome.Unchanged ? new ChangeSummary(0, 0, 0, 0, FirstLoad: false)
                : changes.GetValueOrDefault(load.Kommune) ?? new ChangeSummary(0, 0, 0, 0, FirstLoad: true);
            loads.Add(new KommuneLoad(load.Kommune, loadIds[load.Kommune], load.Outcome, load.FeatureCount, load.Repaired, load.Dropped, load.Checksum, change, load.Report));
        }
        var refused = new List<KommuneFailure>();
        foreach (var (kommune, error) in failures.Failed)
        {
            logger.KommuneRefused(dataset.Name, kommune, error);
            var loadId = await LoadRecords.InsertKommuneFailureAsync(connection, request, kommune, startedAt, time.GetUtcNow(), (long)time.GetElapsedTime(started).TotalMilliseconds,
                checks.ReportFor(kommune, run.Numbers, 0).FeaturesRead, error, cancellationToken);
            refused.Add(new KommuneFailure(kommune, loadId, error));
        }
        await transaction.CommitAsync(cancellationToken);
        logger.LoadPhase(dataset.Name, "swap", (long)time.GetElapsedTime(started).TotalMilliseconds);
        return new LoadResult(dataset.Name, request.Source.Description, run.FeaturesRead, run.SkippedOtherKommuner, run.OtherFeatureTypes, loads, time.GetElapsedTime(started), run.Notices)
        {
            Failed = refused,
        };
    }

    private async Task CopyAsync(NpgsqlConnection connection, Run run, long started, IProgress<LoadProgress>? progress, CancellationToken cancellationToken)
    {
        var (request, dataset) = (run.Request, run.Request.Dataset);
        var mapper = new FeatureMapper(dataset, request.Source.Description, request.DefaultSrid);
        var interval = TimeSpan.FromSeconds(run.Options.ProgressIntervalSeconds);
        var nextReport = interval;
        await using var copy = await StagingCopy.BeginAsync(connection, dataset, run.Options, cancellationToken);
        try
        {
            await foreach (var feature in FeatureReadAhead.ReadAsync(request.Source, cancellationToken))
            {
                run.FeaturesRead++;
                if ((run.FeaturesRead & 0xFF) == 0)
                {
                    var elapsed = time.GetElapsedTime(started);
                    if (elapsed >= nextReport)
                    {
                        nextReport = elapsed + interval;
                        var rate = run.FeaturesRead / Math.Max(elapsed.TotalSeconds, 0.001);
                        progress?.Report(new LoadProgress(dataset.Name, run.FeaturesRead, rate, elapsed));
                        logger.LoadProgress(dataset.Name, run.FeaturesRead, rate);
                    }
                }
                if (!run.FeatureTypes.Takes(feature))
                {
                    run.OtherFeatureTypes++;
                    continue;
                }
                CoordinateCheck.Check(feature, request.Source.Description);
                var mapped = run.Numbers.Check(mapper.Map(feature, request.Kommunenummer), feature);
                if (request.Kommunenummer is { } requested && mapped.Kommunenummer != requested)
                {
                    run.SkippedOtherKommuner++;
                    continue;
                }
                var srid = BinaryPrimitives.ReadInt32LittleEndian(mapped.Ewkb.AsSpan(5));
                if (run.Srids.Add(srid))
                {
                    await EnsureKnownSridAsync(request, srid, feature, cancellationToken);
                }
                run.Checksums.Add(mapped);
                if (mapped.RefusedParts > 0)
                {
                    run.Refused[mapped.Kommunenummer] = run.Refused.GetValueOrDefault(mapped.Kommunenummer) + mapped.RefusedParts;
                }
                await copy.WriteAsync(feature, mapped, srid, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        catch (PostgresException ex) when (StagingTable.RefusedRow(ex) is { } row)
        {
            throw copy.Refused(request.Source.Description, row, ex);
        }
        if (nextReport > interval)
        {
            // A load long enough to report progress also reports where it ended.
            var total = time.GetElapsedTime(started);
            progress?.Report(new LoadProgress(dataset.Name, run.FeaturesRead, run.FeaturesRead / Math.Max(total.TotalSeconds, 0.001), total));
        }
    }

    // Two loads of the same (dataset, kommune) queue; taken in one statement and in a fixed order, so two national
    // loads cannot deadlock each other.
    private static async Task LockAsync(NpgsqlConnection connection, Dataset dataset, IReadOnlyList<string> kommuner, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext(k)) FROM (SELECT unnest($1) AS k ORDER BY 1) AS keys", connection);
        command.Parameters.AddWithValue(kommuner.Select(k => $"{dataset.Name}/{k}").ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // An SRID PostGIS does not know would fail inside ST_Transform, mid-COPY, without naming a feature.
    // Asked on another connection: this one is busy with the COPY.
    private async Task EnsureKnownSridAsync(LoadRequest request, int srid, SourceFeature feature, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM spatial_ref_sys WHERE srid = $1)");
        command.Parameters.AddWithValue(srid);
        if (await command.ExecuteScalarAsync(cancellationToken) is not true)
        {
            throw new SourceFormatException(request.Source.Description, FeatureLabel.Of(feature), $"geometry is in EPSG:{srid}, a CRS PostGIS does not know");
        }
    }

    /// <summary>The state of one load: its counters, the SRIDs checked so far and one running checksum per kommune.</summary>
    private sealed class Run(LoadRequest request, IngestOptions options) : IDisposable
    {
        public LoadRequest Request { get; } = request;

        public IngestOptions Options { get; } = options;

        public FeatureTypeFilter FeatureTypes { get; } = request.FeatureTypes ?? FeatureTypeFilter.For(request.Dataset);

        public LoadChecksums Checksums { get; } = new(request.Dataset, options);

        public HashSet<int> Srids { get; } = [];

        public long FeaturesRead { get; set; }

        public long SkippedOtherKommuner { get; set; }

        public long OtherFeatureTypes { get; set; }

        /// <summary>Set before the COPY: it reads the loaded borders on its own connection.</summary>
        public KommuneNumberCheck Numbers { get; set; } = null!;

        public List<string> Notices { get; } = [];

        /// <summary>Non-polygon members of geometry collections left out, per kommune.</summary>
        public Dictionary<string, int> Refused { get; } = new(StringComparer.Ordinal);

        public void Dispose() => Checksums.Dispose();
    }
}
