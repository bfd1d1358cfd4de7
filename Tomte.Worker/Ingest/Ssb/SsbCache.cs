using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Tomte.Worker.Ingest.Ssb;

/// <summary>SSB data answers in <c>ssb.response_cache</c> (migration 0042), keyed by table and selection, valid while the table's <c>updated</c> is the same.</summary>
public sealed class SsbCache(NpgsqlDataSource dataSource, TimeProvider time)
{
    public static string Key(string request) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request)));

    /// <summary>The cached body when the table has not changed since it was fetched.</summary>
    public async Task<string?> GetAsync(string table, string request, DateTimeOffset? updated, CancellationToken cancellationToken)
    {
        if (updated is null)
        {
            return null;
        }
        await using var command = dataSource.CreateCommand(
            "SELECT body FROM ssb.response_cache WHERE tabell = $1 AND request_sha256 = $2 AND updated = $3");
        command.Parameters.AddWithValue(table);
        command.Parameters.AddWithValue(Key(request));
        command.Parameters.AddWithValue(updated.Value.ToUniversalTime());
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task PutAsync(string table, string request, DateTimeOffset? updated, string body, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO ssb.response_cache (tabell, request_sha256, request, updated, body, fetched_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (tabell, request_sha256) DO UPDATE SET updated = EXCLUDED.updated, body = EXCLUDED.body, fetched_at = EXCLUDED.fetched_at
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(table);
        command.Parameters.AddWithValue(Key(request));
        command.Parameters.AddWithValue(request);
        command.Parameters.AddWithValue((object?)updated?.ToUniversalTime() ?? DBNull.Value);
        command.Parameters.AddWithValue(body);
        command.Parameters.AddWithValue(time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
