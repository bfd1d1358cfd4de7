using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Tomte.Worker.Airtable;

/// <summary>
/// The per-base request budget shared by every process on the database (ops.airtable_acquire, migration 0081):
/// the service's jobs, a manual <c>tomte sync</c> and <c>tomte doctor</c> together stay within Airtable's 5 requests/s.
/// Each request is also counted in ops.airtable_call, the monthly budget's ledger. Without a database (the client's
/// own tests) or before migration 0081 is applied, only the in-process <see cref="AirtableRateLimiter"/> holds.
/// </summary>
public sealed class AirtableSharedLimiter
{
    private readonly NpgsqlDataSource? _dataSource;
    private readonly AirtableOptions _options;
    private readonly ILogger<AirtableSharedLimiter> _logger;
    private volatile bool _unavailable;

    public AirtableSharedLimiter(IServiceProvider services, IOptions<AirtableOptions> options, ILogger<AirtableSharedLimiter> logger)
    {
        _dataSource = services.GetService<NpgsqlDataSource>();
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The window a request occupies after its answer; the margin covers the clocks of Airtable and the database.</summary>
    public TimeSpan Window => _options.RateLimitWindow + _options.RateLimitSafetyMargin;

    /// <summary>Waits until the base has room (and any 429 penalty is over), then returns the request's ledger id; null when not shared.</summary>
    public async ValueTask<long?> AcquireAsync(string baseKey, CancellationToken cancellationToken)
    {
        if (_dataSource is null || _unavailable)
        {
            return null;
        }
        while (true)
        {
            TimeSpan wait;
            try
            {
                await using var command = _dataSource.CreateCommand("SELECT request_id, wait FROM ops.airtable_acquire($1, $2, $3, $4)");
                command.Parameters.AddWithValue(baseKey);
                command.Parameters.AddWithValue(_options.RequestsPerSecond);
                command.Parameters.AddWithValue(Window);
                command.Parameters.AddWithValue(_options.UnansweredRequestBound);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (!reader.IsDBNull(0))
                {
                    return reader.GetInt64(0);
                }
                wait = reader.GetTimeSpan(1);
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UndefinedFunction or PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
            {
                // `tomte doctor` on a database not yet migrated must still reach Airtable; it then counts alone.
                _unavailable = true;
                _logger.SharedLimiterUnavailable(ex);
                return null;
            }
            // The wait is measured on the database server's clock, which only real time moves: an injected (in tests,
            // fake) clock would never let it end.
            await Task.Delay(wait, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Marks the request answered (the latest moment it can have arrived) and counts a 429. Never cancelled: the ledger must close.</summary>
    public async ValueTask ReleaseAsync(long requestId, bool throttled)
    {
        const string sql = """
            WITH done AS (
                UPDATE ops.airtable_request SET answered_at = clock_timestamp() WHERE request_id = $1
                RETURNING base_id, answered_at
            )
            UPDATE ops.airtable_call c SET throttled = c.throttled + 1
            FROM done
            WHERE $2 AND c.base_id = done.base_id AND c.day = (done.answered_at AT TIME ZONE 'Europe/Oslo')::date
            """;
        await using var command = _dataSource!.CreateCommand(sql);
        command.Parameters.AddWithValue(requestId);
        command.Parameters.AddWithValue(throttled);
        await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>After a 429 no process may call the base until the penalty is over.</summary>
    public async ValueTask PenalizeAsync(string baseKey, TimeSpan penalty)
    {
        if (_dataSource is null || _unavailable)
        {
            return;
        }
        const string sql = """
            INSERT INTO ops.airtable_limiter (base_id, penalty_until) VALUES ($1, clock_timestamp() + $2)
            ON CONFLICT (base_id) DO UPDATE SET penalty_until = greatest(ops.airtable_limiter.penalty_until, excluded.penalty_until)
            """;
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(baseKey);
        command.Parameters.AddWithValue(penalty);
        await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
