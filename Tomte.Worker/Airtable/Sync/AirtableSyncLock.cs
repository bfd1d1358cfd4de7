using Npgsql;

namespace Tomte.Worker.Airtable.Sync;

/// <summary>
/// One Airtable sync at a time on the database, whichever process runs it (the service's jobs or a person's
/// <c>tomte sync</c>): a session advisory lock, released when the sync ends or its connection dies with the process.
/// Two syncs side by side would diff against the same crosswalk and send the same batches twice. The one that comes
/// second waits for the first rather than giving up, so a person's sync always does its work.
/// </summary>
public sealed class AirtableSyncLock(NpgsqlDataSource dataSource)
{
    /// <summary>The advisory lock key: "tomte-airtable-sync" in the lock space no other Tomte lock uses (two-int form).</summary>
    private const int LockSpace = 0x546f6d;   // "Tom"
    private const int LockKey = 13;

    /// <param name="onWaiting">Called once when another sync holds the lock, before waiting for it.</param>
    public async Task<IAsyncDisposable> AcquireAsync(Func<Task>? onWaiting, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using (var tryLock = LockCommand("SELECT pg_try_advisory_lock($1, $2)", connection))
            {
                if ((bool)(await tryLock.ExecuteScalarAsync(cancellationToken))!)
                {
                    return new Held(connection);
                }
            }
            if (onWaiting is not null)
            {
                await onWaiting();
            }
            // The server wakes this statement when the holder lets go (or its connection dies), and cancelling the
            // token cancels it: no polling, so no clock is involved.
            await using (var waitForLock = LockCommand("SELECT pg_advisory_lock($1, $2)", connection))
            {
                waitForLock.CommandTimeout = 0;
                await waitForLock.ExecuteNonQueryAsync(cancellationToken);
            }
            return new Held(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static NpgsqlCommand LockCommand(string sql, NpgsqlConnection connection)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(LockSpace);
        command.Parameters.AddWithValue(LockKey);
        return command;
    }

    private sealed class Held(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = LockCommand("SELECT pg_advisory_unlock($1, $2)", connection);
                await command.ExecuteScalarAsync(CancellationToken.None);
            }
            finally
            {
                // Pooled connections are reset (DISCARD ALL) before reuse, so even a failed unlock releases the lock.
                await connection.DisposeAsync();
            }
        }
    }
}
