using Npgsql;
using NpgsqlTypes;

namespace Tomte.Worker.Ingest;

/// <summary>The rows of ingest.load: one per (dataset, kommune) a load swapped, found unchanged or refused, one per failed load.</summary>
internal static class LoadRecords
{
    /// <summary>
    /// The checksum of each kommune's last good load, in one query for every kommune of the load; a kommune without
    /// one is absent (a checksum of a good load may itself be null).
    /// </summary>
    public static async Task<Dictionary<string, string?>> PreviousChecksumsAsync(
        NpgsqlConnection connection, Dataset dataset, IReadOnlyCollection<string> kommuner, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT DISTINCT ON (kommunenummer) kommunenummer::text, checksum FROM ingest.load
            WHERE dataset = $1 AND kommunenummer = ANY($2)
              AND outcome IN ('{LoadVocabulary.Text(LoadOutcome.Loaded)}', '{LoadVocabulary.Text(LoadOutcome.Unchanged)}')
            ORDER BY kommunenummer, load_id DESC
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(dataset.Name);
        command.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Char, kommuner.ToArray());
        var previous = new Dictionary<string, string?>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            previous[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        }
        return previous;
    }

    public sealed record Finished(
        string Kommune, LoadOutcome Outcome, int FeatureCount, int Repaired, int Dropped, string Checksum, LoadChecks.LoadReport Report);

    /// <summary>One ingest.load row per kommune, with its report, in one statement; returns each kommune's load_id.</summary>
    public static async Task<Dictionary<string, long>> InsertAsync(
        NpgsqlConnection connection, LoadRequest request, long skipped, DateTimeOffset startedAt, DateTimeOffset finishedAt, long durationMs,
        IReadOnlyList<Finished> loads, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO ingest.load (dataset, kommunenummer, source_kind, source, started_at, finished_at, duration_ms, skipped_count,
                                     outcome, feature_count, repaired_count, dropped_count, checksum,
                                     features_read, outside_count, refused_count, merged_count, renumbered_count, location_checked)
            SELECT $1, k.kommunenummer, $2, $3, $4, $5, $6, $7, k.outcome, k.features, k.repaired, k.dropped, k.checksum,
                   k.read, k.outside, k.refused, k.merged, k.renumbered, k.location_checked
            FROM unnest($8::text[], $9::text[], $10::int[], $11::int[], $12::int[], $13::text[], $14::int[], $15::int[], $16::int[], $17::int[], $18::int[], $19::bool[])
                 WITH ORDINALITY AS k(kommunenummer, outcome, features, repaired, dropped, checksum, read, outside, refused, merged, renumbered, location_checked, n)
            ORDER BY k.n
            RETURNING kommunenummer::text, load_id
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(request.Dataset.Name);
        command.Parameters.AddWithValue(LoadVocabulary.Text(request.SourceKind));
        command.Parameters.AddWithValue(request.Source.Description);
        command.Parameters.AddWithValue(startedAt);
        command.Parameters.AddWithValue(finishedAt);
        command.Parameters.AddWithValue(durationMs);
        command.Parameters.AddWithValue((int)Math.Min(skipped, int.MaxValue));
        command.Parameters.AddWithValue(loads.Select(l => l.Kommune).ToArray());
        command.Parameters.AddWithValue(loads.Select(l => LoadVocabulary.Text(l.Outcome)).ToArray());
        command.Parameters.AddWithValue(loads.Select(l => l.FeatureCount).ToArray());
        command.Parameters.AddWithValue(loads.Select(l => l.Repaired).ToArray());
        command.Parameters.AddWithValue(loads.Select(l => l.Dropped).ToArray());
        command.Parameters.AddWithValue(loads.Select(l => l.Checksum).ToArray());
        command.Parameters.AddWithValue(loads.Select(l => l.Report.FeaturesRead).ToArray());
        command.Parameters.AddWithValue(loads.Select(l => l.Report.Outside).ToArray());
        command.Parameters.AddWithValue(loads.Select(l => l.Report.Refused).ToArray());
        command.Parameters.AddWithValue(loads.Select(l => l.Report.Merged).ToArray());
        command.Parameters.AddWithValue(loads.Select(l => l.Report.Renumbered).ToArray());
        command.Parameters.AddWithValue(loads.Select(l => l.Report.LocationChecked).ToArray());
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids[reader.GetString(0)] = reader.GetInt64(1);
        }
        return ids;
    }

    /// <summary>
    /// A kommune a load of many refused (<see cref="LoadChecks.KommuneFailures"/>): recorded in the load's transaction,
    /// which commits with the other kommuner' rows.
    /// </summary>
    public static async Task<long> InsertKommuneFailureAsync(
        NpgsqlConnection connection, LoadRequest request, string kommune, DateTimeOffset startedAt, DateTimeOffset finishedAt, long durationMs, int featuresRead,
        Exception error, CancellationToken cancellationToken)
    {
        var sql = $"""
            INSERT INTO ingest.load (dataset, kommunenummer, source_kind, source, started_at, finished_at, feature_count, features_read, duration_ms, outcome, error)
            VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, '{LoadVocabulary.Text(LoadOutcome.Failed)}', $9)
            RETURNING load_id
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(request.Dataset.Name);
        command.Parameters.AddWithValue(NpgsqlDbType.Char, kommune);
        command.Parameters.AddWithValue(LoadVocabulary.Text(request.SourceKind));
        command.Parameters.AddWithValue(request.Source.Description);
        command.Parameters.AddWithValue(startedAt);
        command.Parameters.AddWithValue(finishedAt);
        command.Parameters.AddWithValue(featuresRead);
        command.Parameters.AddWithValue(durationMs);
        command.Parameters.AddWithValue(error.Message);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Records a failed load in its own transaction (the load's was rolled back).</summary>
    public static async Task InsertFailureAsync(
        NpgsqlDataSource dataSource, LoadRequest request, DateTimeOffset startedAt, DateTimeOffset finishedAt, long durationMs, long featuresRead, Exception error)
    {
        var sql = $"""
            INSERT INTO ingest.load (dataset, kommunenummer, source_kind, source, started_at, finished_at, feature_count, duration_ms, outcome, error)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '{LoadVocabulary.Text(LoadOutcome.Failed)}', $9)
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(request.Dataset.Name);
        command.Parameters.AddWithValue(NpgsqlDbType.Char, (object?)request.Kommunenummer ?? DBNull.Value);
        command.Parameters.AddWithValue(LoadVocabulary.Text(request.SourceKind));
        command.Parameters.AddWithValue(request.Source.Description);
        command.Parameters.AddWithValue(startedAt);
        command.Parameters.AddWithValue(finishedAt);
        command.Parameters.AddWithValue((int)Math.Min(featuresRead, int.MaxValue));
        command.Parameters.AddWithValue(durationMs);
        command.Parameters.AddWithValue(error.Message);
        // The load already failed and must not wait on the caller's cancelled token.
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
