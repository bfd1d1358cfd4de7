using Npgsql;

namespace Tomte.Worker.Ingest.LoadChecks;

/// <summary>
/// What one kommune's load read and left out, beyond the counts the swap records (loaded, repaired, dropped as
/// slivers): kept in ingest.load and printed by <c>tomte import</c> and <c>tomte ingest</c>.
/// </summary>
/// <param name="LocationChecked">False when no border of the kommune was loaded (or the dataset is the borders).</param>
public sealed record LoadReport(int FeaturesRead, int Outside, int Refused, int Merged, int Renumbered, bool LocationChecked)
{
    public static string RefusedNotice(string kommune, int refused) =>
        $"{kommune}: {refused} deler av geometrisamlinger som ikke er flater (punkter, linjer) er utelatt; flatene er lastet inn";

    public static async Task RecordAsync(NpgsqlConnection connection, long loadId, LoadReport report, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE ingest.load
            SET features_read = $2, outside_count = $3, refused_count = $4, merged_count = $5, renumbered_count = $6, location_checked = $7
            WHERE load_id = $1
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(loadId);
        command.Parameters.AddWithValue(report.FeaturesRead);
        command.Parameters.AddWithValue(report.Outside);
        command.Parameters.AddWithValue(report.Refused);
        command.Parameters.AddWithValue(report.Merged);
        command.Parameters.AddWithValue(report.Renumbered);
        command.Parameters.AddWithValue(report.LocationChecked);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
