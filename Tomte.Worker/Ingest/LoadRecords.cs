using Npgsql;
using NpgsqlTypes;

namespace Tomte.Worker.Ingest;

/// <summary>The rows of ingest.load: one per (dataset, kommune) a load swapped or found unchanged, one per failed load.</summary>
internal static class LoadRecords
{
    /// <summary>The checksum of the kommune's last good load; Exists is false when it has none.</summary>
    public static async Task<(bool Exists, string? Checksum)> PreviousChecksumAsync(NpgsqlConnection connection, Dataset dataset, string kommune, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT checksum FROM ingest.load
            WHERE dataset = $1 AND kommunenummer = $2 AND outcome IN ('{LoadVocabulary.Text(LoadOutcome.Loaded)}', '{LoadVocabulary.Text(LoadOutcome.Unchanged)}')
            ORDER BY load_id DESC LIMIT 1
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(dataset.Name);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Char, kommune);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (true, reader.IsDBNull(0) ? null : reader.GetString(0)) : (false, null);
    }

    public sealed record Finished(
        LoadRequest Request, string Kommune, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, long DurationMs, LoadOutcome Outcome,
        int FeatureCount, int Repaired, int Dropped, long Skipped, string Checksum);

    public static async Task<long> InsertAsync(NpgsqlConnection connection, Finished load, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO ingest.load (dataset, kommunenummer, source_kind, source, started_at, finished_at, feature_count, checksum,
                                     duration_ms, outcome, repaired_count, dropped_count, skipped_count)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            RETURNING load_id
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(load.Request.Dataset.Name);
        command.Parameters.AddWithValue(load.Kommune);
        command.Parameters.AddWithValue(LoadVocabulary.Text(load.Request.SourceKind));
        command.Parameters.AddWithValue(load.Request.Source.Description);
        command.Parameters.AddWithValue(load.StartedAt);
        command.Parameters.AddWithValue(load.FinishedAt);
        command.Parameters.AddWithValue(load.FeatureCount);
        command.Parameters.AddWithValue(load.Checksum);
        command.Parameters.AddWithValue(load.DurationMs);
        command.Parameters.AddWithValue(LoadVocabulary.Text(load.Outcome));
        command.Parameters.AddWithValue(load.Repaired);
        command.Parameters.AddWithValue(load.Dropped);
        command.Parameters.AddWithValue((int)Math.Min(load.Skipped, int.MaxValue));
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
