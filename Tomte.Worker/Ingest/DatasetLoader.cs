using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Tomte.Worker.Ingest.LoadChecks;

namespace Tomte.Worker.Ingest;

/// <param name="SourceKind">ogcapi, wfs or file (what ingest.load records).</param>
/// <param name="Kommunenummer">The kommune to swap; null = every kommune the source holds.</param>
/// <param name="DefaultSrid">The CRS of features that declare none; null = such features are an error.</param>
/// <param name="AllowEmpty">
/// Whether no features for the kommune is a real answer (a service asked for a kommune's flood zones) for datasets
/// that may be empty. A file without any is always an error: it is more likely the wrong file than an empty kommune.
/// </param>
public sealed record LoadRequest(string Dataset, IFeatureSource Source, string SourceKind, string? Kommunenummer = null, int? DefaultSrid = null, bool AllowEmpty = false);

public sealed record LoadProgress(string Dataset, long FeaturesRead, double FeaturesPerSecond, TimeSpan Elapsed);

public sealed record ChangeSummary(int Added, int Removed, int Changed, int Adopted, bool FirstLoad);

/// <param name="Outcome">loaded or unchanged.</param>
public sealed record KommuneLoad(
    string Kommunenummer, long LoadId, string Outcome, int FeatureCount, int Repaired, int Dropped, string Checksum, ChangeSummary? Changes, LoadReport? Report = null);

public sealed record LoadResult(
    string Dataset, string Source, long FeaturesRead, long SkippedOtherKommuner, long OtherFeatureTypes,
    IReadOnlyList<KommuneLoad> Kommuner, TimeSpan Duration, IReadOnlyList<string>? Notices = null);

/// <summary>
/// Loads one source into one dataset: binary COPY into a staging table, then in one transaction repair,
/// transform to EPSG:25833, detect plan changes and swap each (dataset, kommune). Readers never see a
/// half-loaded kommune and a failed load leaves the previous data as it was; every attempt is recorded in
/// ingest.load, failures in their own transaction.
/// </summary>
public sealed partial class DatasetLoader(NpgsqlDataSource dataSource, IOptions<IngestOptions> options, TimeProvider time, ILogger<DatasetLoader> logger)
{
    public async Task<LoadResult> LoadAsync(LoadRequest request, IProgress<LoadProgress>? progress, CancellationToken cancellationToken)
    {
        var dataset = Datasets.Find(request.Dataset);
        var (asked, renumbered) = request.Kommunenummer is { } given ? KommuneNumberCheck.Requested(given) : (null, null);
        request = request with { Kommunenummer = asked };
        if (request.Kommunenummer is { } requested)
        {
            await Kommuner.EnsureKnownAsync(dataSource, requested, againstBorders: !dataset.OnePerKommune, cancellationToken);
        }
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        using var run = new Run(dataset, request, options.Value);
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
                logger.LoadFinished(dataset.Name, kommune.Kommunenummer, kommune.Outcome, kommune.FeatureCount, kommune.Repaired, kommune.Dropped, (long)result.Duration.TotalMilliseconds);
            }
            return result;
        }
        catch (Exception ex)
        {
            logger.LoadFailed(dataset.Name, request.Source.Description, ex.Message);
            await RecordFailureAsync(run, startedAt, started, ex);
            throw;
        }
    }

    private async Task<LoadResult> LoadInTransactionAsync(Run run, DateTimeOffset startedAt, long started, IProgress<LoadProgress>? progress, CancellationToken cancellationToken)
    {
        var dataset = run.Dataset;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // ST_IsValid reports each invalid ring as a NOTICE; we count them instead.
        await ExecuteAsync(connection, "SET LOCAL client_min_messages = warning", cancellationToken);
        foreach (var sql in StageTableSql(dataset, run.Options))
        {
            await ExecuteAsync(connection, sql, cancellationToken);
        }

        run.Numbers = await KommuneNumberCheck.CreateAsync(dataSource, dataset, run.Request.Source.Description, cancellationToken);
        await CopyAsync(connection, run, started, progress, cancellationToken);
        logger.LoadPhase(dataset.Name, "copy", (long)time.GetElapsedTime(started).TotalMilliseconds);

        var kommuner = run.Hashes.Keys.Order(StringComparer.Ordinal).ToList();
        if (run.Request.Kommunenummer is { } requested && !kommuner.Contains(requested))
        {
            if (!(dataset.MayBeEmpty && run.Request.AllowEmpty))
            {
                throw new SourceFormatException(run.Request.Source.Description, null,
                    $"no {dataset.Name} features for kommune {requested} ({run.FeaturesRead} features read, {run.SkippedOtherKommuner} of other kommuner, {run.OtherFeatureTypes} of other feature types)");
            }
            kommuner.Add(requested);
        }
        if (kommuner.Count == 0)
        {
            throw new SourceFormatException(run.Request.Source.Description, null,
                $"no {dataset.Name} features ({run.FeaturesRead} features read, {run.OtherFeatureTypes} of other feature types)");
        }

        var checks = await StagedChecks.RunAsync(connection, dataset, run.Request.Source.Description, run.Options, run.Numbers!, logger, cancellationToken);
        run.Notices.AddRange(checks.Notices);
        run.Notices.AddRange(run.Refused.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => LoadReport.RefusedNotice(r.Key, r.Value)));
        var counts = await CountsAsync(connection, cancellationToken);
        logger.LoadPhase(dataset.Name, "repair", (long)time.GetElapsedTime(started).TotalMilliseconds);

        var loads = new List<KommuneLoad>();
        foreach (var kommune in kommuner)
        {
            await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(hashtext($1))", cancellationToken, ("", $"{dataset.Name}/{kommune}"));
            var checksum = run.Checksum(kommune);
            var (featureCount, repaired, dropped) = counts.GetValueOrDefault(kommune);
            var previous = await PreviousChecksumAsync(connection, dataset, kommune, cancellationToken);
            var unchanged = previous.Exists && previous.Checksum == checksum;
            var loadId = await InsertLoadAsync(connection, run, kommune, startedAt, started, unchanged ? "unchanged" : "loaded", featureCount, repaired, dropped, checksum, cancellationToken);
            var report = checks.ReportFor(kommune, run.Numbers!, run.Refused.GetValueOrDefault(kommune));
            await LoadReport.RecordAsync(connection, loadId, report, cancellationToken);
            // An unchanged source changed no plan either; saying so beats an empty cell in the report.
            ChangeSummary? changes = unchanged && dataset.TracksPlans ? new ChangeSummary(0, 0, 0, 0, FirstLoad: false) : null;
            if (!unchanged)
            {
                if (dataset.TracksPlans)
                {
                    changes = previous.Exists
                        ? await DetectPlanChangesAsync(connection, run, kommune, loadId, cancellationToken)
                        : new ChangeSummary(0, 0, 0, 0, FirstLoad: true);
                }
                await SwapAsync(connection, dataset, kommune, loadId, cancellationToken);
            }
            loads.Add(new KommuneLoad(kommune, loadId, unchanged ? "unchanged" : "loaded", featureCount, repaired, dropped, checksum, changes, report));
        }
        await transaction.CommitAsync(cancellationToken);
        logger.LoadPhase(dataset.Name, "swap", (long)time.GetElapsedTime(started).TotalMilliseconds);
        return new LoadResult(dataset.Name, run.Request.Source.Description, run.FeaturesRead, run.SkippedOtherKommuner, run.OtherFeatureTypes, loads, time.GetElapsedTime(started), run.Notices);
    }

    private async Task CopyAsync(NpgsqlConnection connection, Run run, long started, IProgress<LoadProgress>? progress, CancellationToken cancellationToken)
    {
        var dataset = run.Dataset;
        var mapper = new FeatureMapper(dataset, run.Request.Source.Description, run.Request.DefaultSrid);
        var columns = string.Concat(dataset.Columns.Select((_, i) => $"c{i}, "));
        var copySql = $"COPY pg_temp.ingest_stage (ord, kommunenummer, source_id, {columns}srid, ewkb, repaired, geom) FROM STDIN (FORMAT BINARY)";
        var polygons = dataset.Geometry == GeometryKind.Polygon;
        var (minArea, minWidth) = (run.Options.SliverMinAreaSquareMetres, run.Options.SliverMinWidthMetres);
        var interval = TimeSpan.FromSeconds(run.Options.ProgressIntervalSeconds);
        var nextReport = interval;
        await using var importer = await connection.BeginBinaryImportAsync(copySql, cancellationToken);
        try
        {
            await foreach (var feature in ReadAheadAsync(run.Request.Source, cancellationToken))
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
                if (!mapper.Takes(feature))
                {
                    run.OtherFeatureTypes++;
                    continue;
                }
                CoordinateCheck.Check(feature, run.Request.Source.Description);
                var mapped = run.Numbers!.Check(mapper.Map(feature, run.Request.Kommunenummer), feature);
                if (run.Request.Kommunenummer is { } requested && mapped.Kommunenummer != requested)
                {
                    run.SkippedOtherKommuner++;
                    continue;
                }
                var srid = BinaryPrimitives.ReadInt32LittleEndian(mapped.Ewkb.AsSpan(5));
                if (run.Srids.Add(srid))
                {
                    await EnsureKnownSridAsync(run, srid, feature, cancellationToken);
                }
                run.Hash(mapped);
                if (mapped.RefusedParts > 0)
                {
                    run.Refused[mapped.Kommunenummer] = run.Refused.GetValueOrDefault(mapped.Kommunenummer) + mapped.RefusedParts;
                }

                run.Written(mapped.Index);
            await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(mapped.Index, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(mapped.Kommunenummer, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(mapped.SourceId, NpgsqlDbType.Text, cancellationToken);
                for (var i = 0; i < dataset.Columns.Count; i++)
                {
                    var value = mapped.Values[i];
                    if (value is null)
                    {
                        await importer.WriteNullAsync(cancellationToken);
                        continue;
                    }
                    switch (dataset.Columns[i].Type)
                    {
                        case ColumnType.Text:
                            await importer.WriteAsync((string)value, NpgsqlDbType.Text, cancellationToken);
                            break;
                        case ColumnType.Integer:
                            await importer.WriteAsync((int)value, NpgsqlDbType.Integer, cancellationToken);
                            break;
                        case ColumnType.Date:
                            await importer.WriteAsync((DateOnly)value, NpgsqlDbType.Date, cancellationToken);
                            break;
                    }
                }
                await importer.WriteAsync(srid, NpgsqlDbType.Integer, cancellationToken);
                // A row arriving with its final geometry skips the server's cleaning trigger (see StagedGeometry).
                if (polygons && StagedGeometry.TryFinalGeometry(feature.Geometry!, mapped.Ewkb, minArea, minWidth) is { } final)
                {
                    await importer.WriteNullAsync(cancellationToken);
                    await importer.WriteAsync(false, NpgsqlDbType.Boolean, cancellationToken);
                    await importer.WriteAsync(final, NpgsqlDbType.Bytea, cancellationToken);
                }
                else
                {
                    await importer.WriteAsync(mapped.Ewkb, NpgsqlDbType.Bytea, cancellationToken);
                    await importer.WriteNullAsync(cancellationToken);
                    await importer.WriteNullAsync(cancellationToken);
                }
            }
            await importer.CompleteAsync(cancellationToken);
        }
        catch (PostgresException ex) when (CopyLine().Match(ex.Where ?? "") is { Success: true } line)
        {
            // The server refused a row while cleaning it (e.g. coordinates the transform cannot take): name that feature.
            var row = long.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture);
            var feature = row <= run.RowsWritten && run.RowsWritten - row < Run.RecentRows ? $"#{run.RecentIndex(row)}" : $"row {row} of the load";
            throw new SourceFormatException(run.Request.Source.Description, feature, $"PostGIS refused the geometry: {ex.MessageText}", ex);
        }
        if (nextReport > interval)
        {
            // A load long enough to report progress also reports where it ended.
            var total = time.GetElapsedTime(started);
            progress?.Report(new LoadProgress(dataset.Name, run.FeaturesRead, run.FeaturesRead / Math.Max(total.TotalSeconds, 0.001), total));
        }
    }

    /// <summary>
    /// Parsing runs on its own task a bounded number of features ahead of mapping and COPY, so the two overlap on
    /// separate cores while memory stays flat. A reader's failure surfaces at the feature where it happened.
    /// </summary>
    /// <remarks>
    /// Features cross in batches: handed over one at a time, the two threads woke each other for nearly every
    /// feature, and the context switches cost more CPU than mapping (measured on a 210 MB GML import: 0.2-0.3 s
    /// wall, and half the system time).
    /// </remarks>
    private static async IAsyncEnumerable<SourceFeature> ReadAheadAsync(IFeatureSource source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const int batchSize = 128;
        var channel = Channel.CreateBounded<List<SourceFeature>>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(async () =>
        {
            var batch = new List<SourceFeature>(batchSize);
            try
            {
                await foreach (var feature in source.ReadAsync(stop.Token).WithCancellation(stop.Token))
                {
                    batch.Add(feature);
                    if (batch.Count == batchSize)
                    {
                        await channel.Writer.WriteAsync(batch, stop.Token);
                        batch = new List<SourceFeature>(batchSize);
                    }
                }
                if (batch.Count > 0)
                {
                    await channel.Writer.WriteAsync(batch, stop.Token);
                }
                channel.Writer.Complete();
            }
            catch (Exception ex)
            {
                // The features read before the failure still go first, so the error follows the last good feature.
                if (batch.Count > 0)
                {
                    try
                    {
                        await channel.Writer.WriteAsync(batch, stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        // The consumer is gone; nobody will read them.
                    }
                }
                channel.Writer.Complete(ex);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var batch in channel.Reader.ReadAllAsync(cancellationToken))
            {
                foreach (var feature in batch)
                {
                    yield return feature;
                }
            }
        }
        finally
        {
            // The consumer stopped (done, failed or cancelled): stop the reader too and wait for it to let go of the source.
            await stop.CancelAsync();
            await producer;
        }
    }

    // An SRID PostGIS does not know would fail inside ST_Transform, mid-COPY, without naming a feature.
    // Asked on another connection: this one is busy with the COPY.
    private async Task EnsureKnownSridAsync(Run run, int srid, SourceFeature feature, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM spatial_ref_sys WHERE srid = $1)");
        command.Parameters.AddWithValue(srid);
        if (await command.ExecuteScalarAsync(cancellationToken) is not true)
        {
            throw new SourceFormatException(run.Request.Source.Description, FeatureMapper.FeatureLabel(feature), $"geometry is in EPSG:{srid}, a CRS PostGIS does not know");
        }
    }

    // The server transforms, checks and repairs each row as COPY stores it (ingest.clean_staged_row, migration
    // 0011), so that work overlaps with parsing on the client instead of following it; rows the client already
    // proved valid arrive with their final geometry and no EWKB, and skip it. The sliver limits come from
    // validated options.
    private static string[] StageTableSql(Dataset dataset, IngestOptions options)
    {
        var columns = string.Concat(dataset.Columns.Select((c, i) => $", c{i} {SqlType(c.Type)}"));
        var kind = dataset.Geometry == GeometryKind.Point ? "point" : "polygon";
        return
        [
            $"""
            CREATE TEMP TABLE ingest_stage (
                ord bigint NOT NULL, kommunenummer text NOT NULL, source_id text NOT NULL{columns}, srid integer NOT NULL,
                ewkb bytea, repaired boolean, geom geometry
            ) ON COMMIT DROP
            """,
            string.Create(CultureInfo.InvariantCulture,
                $"CREATE TRIGGER clean BEFORE INSERT ON pg_temp.ingest_stage FOR EACH ROW WHEN (NEW.ewkb IS NOT NULL) EXECUTE FUNCTION ingest.clean_staged_row('{kind}', '{options.SliverMinAreaSquareMetres:R}', '{options.SliverMinWidthMetres:R}')"),
        ];
    }

    private static async Task<Dictionary<string, (int Features, int Repaired, int Dropped)>> CountsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT kommunenummer, count(*) FILTER (WHERE geom IS NOT NULL), count(*) FILTER (WHERE geom IS NOT NULL AND repaired), count(*) FILTER (WHERE geom IS NULL)
            FROM pg_temp.ingest_stage GROUP BY kommunenummer
            """;
        var counts = new Dictionary<string, (int, int, int)>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = ((int)reader.GetInt64(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3));
        }
        return counts;
    }

    private static async Task<(bool Exists, string? Checksum)> PreviousChecksumAsync(NpgsqlConnection connection, Dataset dataset, string kommune, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT checksum FROM ingest.load
            WHERE dataset = $1 AND kommunenummer = $2 AND outcome IN ('loaded', 'unchanged')
            ORDER BY load_id DESC LIMIT 1
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(dataset.Name);
        command.Parameters.AddWithValue(NpgsqlDbType.Char, kommune);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (true, reader.IsDBNull(0) ? null : reader.GetString(0)) : (false, null);
    }

    private async Task<long> InsertLoadAsync(
        NpgsqlConnection connection, Run run, string kommune, DateTimeOffset startedAt, long started, string outcome,
        int featureCount, int repaired, int dropped, string checksum, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO ingest.load (dataset, kommunenummer, source_kind, source, started_at, finished_at, feature_count, checksum,
                                     duration_ms, outcome, repaired_count, dropped_count, skipped_count)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            RETURNING load_id
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(run.Dataset.Name);
        command.Parameters.AddWithValue(NpgsqlDbType.Char, kommune);
        command.Parameters.AddWithValue(run.Request.SourceKind);
        command.Parameters.AddWithValue(run.Request.Source.Description);
        command.Parameters.AddWithValue(startedAt);
        command.Parameters.AddWithValue(time.GetUtcNow());
        command.Parameters.AddWithValue(featureCount);
        command.Parameters.AddWithValue(checksum);
        command.Parameters.AddWithValue((long)time.GetElapsedTime(started).TotalMilliseconds);
        command.Parameters.AddWithValue(outcome);
        command.Parameters.AddWithValue(repaired);
        command.Parameters.AddWithValue(dropped);
        command.Parameters.AddWithValue((int)run.SkippedOtherKommuner);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<ChangeSummary> DetectPlanChangesAsync(NpgsqlConnection connection, Run run, string kommune, long loadId, CancellationToken cancellationToken)
    {
        var dataset = run.Dataset;
        var planId = $"c{ColumnIndex(dataset, "planidentifikasjon")}";
        var planstatus = $"c{ColumnIndex(dataset, "planstatus")}";
        // A plan is one or more polygons; its signature is the sorted set of their WKB hashes.
        var sql = $"""
            WITH old AS (
                SELECT planidentifikasjon AS plan, max(planstatus) AS planstatus,
                       md5(string_agg(md5(ST_AsBinary(geom)), '' ORDER BY md5(ST_AsBinary(geom)))) AS signature,
                       ST_Multi(ST_CollectionExtract(ST_Collect(geom), 3)) AS geom
                FROM {dataset.Table} WHERE kommunenummer = @kommune GROUP BY planidentifikasjon
            ), new AS (
                SELECT {planId} AS plan, max({planstatus}) AS planstatus,
                       md5(string_agg(md5(ST_AsBinary(geom)), '' ORDER BY md5(ST_AsBinary(geom)))) AS signature,
                       ST_Multi(ST_CollectionExtract(ST_Collect(geom), 3)) AS geom
                FROM pg_temp.ingest_stage WHERE kommunenummer = @kommune AND geom IS NOT NULL GROUP BY {planId}
            )
            INSERT INTO ingest.plan_change (load_id, dataset, kommunenummer, planidentifikasjon, change, old_planstatus, new_planstatus,
                                            geometry_changed, detected_at, geom)
            SELECT @load, @dataset, @kommune, coalesce(n.plan, o.plan),
                   CASE WHEN o.plan IS NULL THEN 'added' WHEN n.plan IS NULL THEN 'removed' ELSE 'changed' END,
                   o.planstatus, n.planstatus, o.signature IS DISTINCT FROM n.signature, @now, coalesce(n.geom, o.geom)
            FROM old o FULL JOIN new n ON n.plan = o.plan
            WHERE o.plan IS NULL OR n.plan IS NULL OR o.signature <> n.signature OR o.planstatus IS DISTINCT FROM n.planstatus
            RETURNING change, old_planstatus, new_planstatus
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("kommune", NpgsqlDbType.Char, kommune);
        command.Parameters.AddWithValue("load", loadId);
        command.Parameters.AddWithValue("dataset", dataset.Name);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        var adoptedCodes = run.Options.EffectiveAdoptedPlanstatus;
        int added = 0, removed = 0, changed = 0, adopted = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            switch (reader.GetString(0))
            {
                case "added": added++; break;
                case "removed": removed++; break;
                default: changed++; break;
            }
            int? oldStatus = reader.IsDBNull(1) ? null : reader.GetInt32(1);
            int? newStatus = reader.IsDBNull(2) ? null : reader.GetInt32(2);
            if (newStatus is { } status && adoptedCodes.Contains(status) && (oldStatus is not { } was || !adoptedCodes.Contains(was)))
            {
                adopted++;
            }
        }
        return new ChangeSummary(added, removed, changed, adopted, FirstLoad: false);
    }

    private static async Task SwapAsync(NpgsqlConnection connection, Dataset dataset, string kommune, long loadId, CancellationToken cancellationToken)
    {
        var scopeFilter = dataset.Scope is { } s ? $" AND {s.Column} = @scope" : "";
        var targetColumns = string.Concat(dataset.Columns.Select(c => $", {c.Column}"));
        var stagedColumns = string.Concat(dataset.Columns.Select((_, i) => $", c{i}"));
        var delete = $"DELETE FROM {dataset.Table} WHERE kommunenummer = @kommune{scopeFilter}";
        string insert;
        if (dataset.OnePerKommune)
        {
            var aggregated = string.Concat(dataset.Columns.Select((_, i) => $", min(c{i})"));
            insert = $"""
                INSERT INTO {dataset.Table} (kommunenummer, load_id, source_id{targetColumns}, geom)
                SELECT kommunenummer, @load, min(source_id){aggregated}, ST_Multi(ST_CollectionExtract(ST_Union(geom), 3))
                FROM pg_temp.ingest_stage WHERE kommunenummer = @kommune AND geom IS NOT NULL GROUP BY kommunenummer
                """;
        }
        else
        {
            var scopeColumn = dataset.Scope is { } sc ? $", {sc.Column}" : "";
            var scopeValue = dataset.Scope is not null ? ", @scope" : "";
            insert = $"""
                INSERT INTO {dataset.Table} (load_id, kommunenummer, source_id{scopeColumn}{targetColumns}, geom)
                SELECT @load, kommunenummer, source_id{scopeValue}{stagedColumns}, geom
                FROM pg_temp.ingest_stage WHERE kommunenummer = @kommune AND geom IS NOT NULL
                """;
        }
        foreach (var sql in new[] { delete, insert })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            // char(4) like the column: a text parameter makes PostgreSQL compare as text, which cannot use the kommune
            // index, so each kommune of a national load scanned the whole table (measured: 42-46 s of swaps).
            command.Parameters.AddWithValue("kommune", NpgsqlDbType.Char, kommune);
            if (sql == insert)
            {
                command.Parameters.AddWithValue("load", loadId);
            }
            if (dataset.Scope is { } scope)
            {
                command.Parameters.AddWithValue("scope", scope.Value);
            }
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task RecordFailureAsync(Run run, DateTimeOffset startedAt, long started, Exception error)
    {
        const string sql = """
            INSERT INTO ingest.load (dataset, kommunenummer, source_kind, source, started_at, finished_at, feature_count, duration_ms, outcome, error)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'failed', $9)
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(run.Dataset.Name);
        command.Parameters.AddWithValue(NpgsqlDbType.Char, (object?)run.Request.Kommunenummer ?? DBNull.Value);
        command.Parameters.AddWithValue(run.Request.SourceKind);
        command.Parameters.AddWithValue(run.Request.Source.Description);
        command.Parameters.AddWithValue(startedAt);
        command.Parameters.AddWithValue(time.GetUtcNow());
        command.Parameters.AddWithValue((int)Math.Min(run.FeaturesRead, int.MaxValue));
        command.Parameters.AddWithValue((long)time.GetElapsedTime(started).TotalMilliseconds);
        command.Parameters.AddWithValue(error.Message);
        // The load already failed; recording it must not hide why, and must not wait on the caller's cancelled token.
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private static int ColumnIndex(Dataset dataset, string column)
    {
        for (var i = 0; i < dataset.Columns.Count; i++)
        {
            if (dataset.Columns[i].Column == column)
            {
                return i;
            }
        }
        throw new InvalidOperationException($"dataset {dataset.Name} has no column {column}");
    }

    [GeneratedRegex(@"COPY ingest_stage, line (\d+)")]
    private static partial Regex CopyLine();

    private static string SqlType(ColumnType type) => type switch
    {
        ColumnType.Text => "text",
        ColumnType.Integer => "integer",
        ColumnType.Date => "date",
        _ => throw new UnreachableException(),
    };

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            if (name.Length == 0)
            {
                command.Parameters.AddWithValue(value);
            }
            else
            {
                command.Parameters.AddWithValue(name, value);
            }
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The state of one load: counters and one running checksum per kommune.</summary>
    private sealed class Run(Dataset dataset, LoadRequest request, IngestOptions options) : IDisposable
    {
        public Dataset Dataset { get; } = dataset;

        public LoadRequest Request { get; } = request;

        public IngestOptions Options { get; } = options;

        public long FeaturesRead { get; set; }

        public long SkippedOtherKommuner { get; set; }

        public long OtherFeatureTypes { get; set; }

        public HashSet<int> Srids { get; } = [];

        public KommuneNumberCheck? Numbers { get; set; }

        public List<string> Notices { get; } = [];

        /// <summary>Non-polygon members of geometry collections left out, per kommune.</summary>
        public Dictionary<string, int> Refused { get; } = new(StringComparer.Ordinal);

        /// <summary>How many rows back a server error on a COPY row can still be traced to its feature.</summary>
        public const int RecentRows = 65_536;

        private readonly long[] _recent = new long[RecentRows];

        public long RowsWritten { get; private set; }

        public void Written(long index) => _recent[RowsWritten++ % RecentRows] = index;

        /// <param name="row">1-based COPY row, as PostgreSQL reports it.</param>
        public long RecentIndex(long row) => _recent[(row - 1) % RecentRows];

        public Dictionary<string, IncrementalHash> Hashes { get; } = new(StringComparer.Ordinal);

        private readonly byte[] _scratch = new byte[8];

        // The canonical stream is what lands in the table: the mapped values and the geometry, in source order,
        // plus everything else that decides the rows (mapping, sliver limits), so changing those reloads.
        public void Hash(MappedFeature feature)
        {
            if (!Hashes.TryGetValue(feature.Kommunenummer, out var hash))
            {
                hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                AppendText(hash, $"{Dataset.Name}|{string.Join(',', Dataset.Columns.Select(c => c.Column))}|{Options.SliverMinAreaSquareMetres.ToString(CultureInfo.InvariantCulture)}|{Options.SliverMinWidthMetres.ToString(CultureInfo.InvariantCulture)}");
                Hashes[feature.Kommunenummer] = hash;
            }
            AppendText(hash, feature.SourceId);
            foreach (var value in feature.Values)
            {
                AppendText(hash, value switch
                {
                    null => "\u0000",
                    DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
                });
            }
            BinaryPrimitives.WriteInt32LittleEndian(_scratch, feature.Ewkb.Length);
            hash.AppendData(_scratch, 0, 4);
            hash.AppendData(feature.Ewkb);
        }

        public string Checksum(string kommune)
        {
            if (!Hashes.TryGetValue(kommune, out var hash))
            {
                hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                AppendText(hash, $"{Dataset.Name}|empty");
                Hashes[kommune] = hash;
            }
            return "sha256:" + Convert.ToHexStringLower(hash.GetCurrentHash());
        }

        public void Dispose()
        {
            foreach (var hash in Hashes.Values)
            {
                hash.Dispose();
            }
        }

        private void AppendText(IncrementalHash hash, string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            BinaryPrimitives.WriteInt32LittleEndian(_scratch, bytes.Length);
            hash.AppendData(_scratch, 0, 4);
            hash.AppendData(bytes);
        }
    }
}
