using Npgsql;

using Tomte.Worker.Letters;

using Tomte.Worker.Owners.Privacy;

namespace Tomte.Worker.Outreach;

/// <summary>
/// Every write to outreach.sequence and outreach.outbox. Each method is one statement or one transaction, committed
/// before it returns, so the row's status is the truth after any crash: the (eier_id, step) key means a step exists
/// once, and a row moves pending → sending only through <see cref="ClaimAsync"/>, whose WHERE status = 'pending' lets
/// exactly one caller win.
/// </summary>
public sealed class OutboxStore(NpgsqlDataSource dataSource, Hosting.TomteMetrics metrics)
{
    /// <summary>
    /// A session-level advisory lock held for a whole pass on its own connection: a second pass (the job and a
    /// <c>tomte outreach</c> at the same time) waits its turn, and a crashed pass's lock ends with its connection,
    /// so a row still in 'sending' when the lock is next taken belongs to a pass that died.
    /// </summary>
    public async Task<IAsyncDisposable> LockPassAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext('tomte-outreach-pass'))", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new PassLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Unlocks before the connection goes back to the pool, where a session lock would otherwise outlive the pass.</summary>
    private sealed class PassLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtext('tomte-outreach-pass'))", connection);
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>Rows left in 'sending' by a pass that died: marked uncertain, never resent by themselves.</summary>
    public async Task<IReadOnlyList<(string EierId, OutreachStep Step, string? MessageId)>> MarkInterruptedAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE outreach.outbox
            SET status = 'uncertain', updated_at = @now,
                reason = 'avbrutt under sending: sjekk om e-posten kom fram (Melding-ID) før den eventuelt sendes manuelt'
            WHERE status = 'sending'
            RETURNING eier_id, step, message_id
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("now", now);
        var rows = new List<(string, OutreachStep, string?)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), OutreachVocabulary.StepFromDatabase(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }
        return rows;
    }

    /// <summary>Starts an owner's sequence: the sequence row and all its steps (letter 1's e-mail copy included) planned, in one transaction.</summary>
    public async Task StartAsync(string eierId, DateTimeOffset now, OutreachOptions options, CancellationToken cancellationToken)
    {
        const string sequence = """
            INSERT INTO outreach.sequence (eier_id, started_at) VALUES (@eier, @now) ON CONFLICT (eier_id) DO NOTHING
            """;
        // The later steps' due dates are provisional until letter 1 counts as sent (AnchorAsync moves them).
        const string outbox = """
            INSERT INTO outreach.outbox (eier_id, step, channel, due_at, status, created_at, updated_at)
            SELECT @eier, s, c, @now + make_interval(days => d - @brev1dag), 'pending', @now, @now
            FROM unnest(@steps::text[], @channels::text[], @days::int[]) AS t(s, c, d)
            ON CONFLICT (eier_id, step) DO NOTHING
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(sequence, connection, transaction))
        {
            command.Parameters.AddWithValue("eier", eierId);
            command.Parameters.AddWithValue("now", now);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var command = new NpgsqlCommand(outbox, connection, transaction))
        {
            var steps = OutreachSteps.Sequence;
            command.Parameters.AddWithValue("eier", eierId);
            command.Parameters.AddWithValue("now", now.AddDays(options.Brev1Dag));
            command.Parameters.AddWithValue("brev1dag", options.Brev1Dag);
            command.Parameters.AddWithValue("steps", steps.Select(s => s.Text()).ToArray());
            command.Parameters.AddWithValue("channels", steps.Select(s => s.Channel().Text()).ToArray());
            command.Parameters.AddWithValue("days", steps.Select(options.Day).ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Stops the sequence: the steps not yet done are skipped with the reason.</summary>
    public async Task StopAsync(string eierId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            WITH s AS (
                UPDATE outreach.sequence SET stopped_at = @now, stop_reason = @reason
                WHERE eier_id = @eier AND stopped_at IS NULL
                RETURNING eier_id
            )
            UPDATE outreach.outbox o SET status = 'skipped', reason = 'sekvensen stoppet: ' || @reason, updated_at = @now
            FROM s WHERE o.eier_id = s.eier_id AND o.status = 'pending'
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("eier", eierId);
        command.Parameters.AddWithValue("reason", reason);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Day 0 of the later steps: their due dates move to it.</summary>
    public async Task AnchorAsync(string eierId, DateTimeOffset anchor, DateTimeOffset now, OutreachOptions options, CancellationToken cancellationToken)
    {
        const string sql = """
            WITH s AS (
                UPDATE outreach.sequence SET anchor_at = @anchor WHERE eier_id = @eier AND anchor_at IS NULL RETURNING eier_id
            )
            UPDATE outreach.outbox o SET due_at = @anchor + make_interval(days => d.day - @brev1dag), updated_at = @now
            FROM s, unnest(@steps::text[], @days::int[]) AS d(step, day)
            WHERE o.eier_id = s.eier_id AND o.step = d.step AND o.status = 'pending' AND o.step NOT IN ('grunneierbrev-1', 'grunneierbrev-1-epost')
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("eier", eierId);
        command.Parameters.AddWithValue("anchor", anchor);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("brev1dag", options.Brev1Dag);
        command.Parameters.AddWithValue("steps", OutreachSteps.Sequence.Select(s => s.Text()).ToArray());
        command.Parameters.AddWithValue("days", OutreachSteps.Sequence.Select(options.Day).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<bool> SkipAsync(long outboxId, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateAsync("status = 'skipped', reason = @text", "status = 'pending'", outboxId, reason, now, cancellationToken);

    /// <summary>
    /// pending → sending, committed before the SMTP hand-off, with the message's Message-Id: if the process dies
    /// after this, the row is found in 'sending' and never sent again by itself. False when another pass took it.
    /// </summary>
    public async Task<bool> ClaimAsync(long outboxId, string messageId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE outreach.outbox SET status = 'sending', claimed_at = @now, attempts = attempts + 1, message_id = @mid, updated_at = @now
            WHERE outbox_id = @id AND status = 'pending'
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("id", outboxId);
        command.Parameters.AddWithValue("mid", messageId);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>sending → sent. Not cancellable: the server has the message, so the row must say so.</summary>
    public async Task<bool> MarkSentAsync(long outboxId, string detail, DateTimeOffset now)
    {
        var marked = await UpdateAsync("status = 'sent', sent_at = @now, reason = @text, last_error = NULL", "status IN ('sending', 'uncertain')", outboxId, detail, now, CancellationToken.None);
        if (marked)
        {
            metrics.LettersSent("epost", 1);
        }
        return marked;
    }

    public Task<bool> MarkFailedAsync(long outboxId, string reason, DateTimeOffset now) =>
        UpdateAsync("status = 'failed', reason = @text, last_error = @text", "status IN ('sending', 'pending')", outboxId, reason, now, CancellationToken.None);

    /// <summary>A bounce after the hand-off: the e-mail did not arrive after all.</summary>
    public Task<bool> MarkBouncedAsync(long outboxId, string reason, DateTimeOffset now) =>
        UpdateAsync("status = 'failed', reason = @text, last_error = @text", "status IN ('sent', 'sending', 'uncertain')", outboxId, reason, now, CancellationToken.None);

    /// <summary>sending → pending after a transient failure, to be tried again at <paramref name="retryAt"/>.</summary>
    public async Task MarkRetryAsync(long outboxId, string error, DateTimeOffset retryAt, DateTimeOffset now)
    {
        const string sql = """
            UPDATE outreach.outbox SET status = 'pending', next_attempt_at = @retry, last_error = @error, updated_at = @now
            WHERE outbox_id = @id AND status = 'sending'
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("id", outboxId);
        command.Parameters.AddWithValue("retry", retryAt);
        command.Parameters.AddWithValue("error", error);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>A letter into the print batch: nothing leaves Tomte here, so pending → sent with its PDF in one statement.</summary>
    public async Task<bool> CompleteLetterAsync(long outboxId, byte[] pdf, int pages, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE outreach.outbox SET status = 'sent', sent_at = @now, document_pdf = @pdf, document_pages = @pages, attempts = attempts + 1,
                   reason = 'i utskriftsbunken', updated_at = @now
            WHERE outbox_id = @id AND status = 'pending'
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("id", outboxId);
        command.Parameters.AddWithValue("pdf", pdf);
        command.Parameters.AddWithValue("pages", pages);
        command.Parameters.AddWithValue("now", now);
        var completed = await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        if (completed)
        {
            metrics.LettersSent("post", 1);
        }
        return completed;
    }

    /// <summary>A phone task: the script stored on the row, which the Aktiviteter projection shows to the responsible person.</summary>
    public async Task<bool> CompletePhoneTaskAsync(long outboxId, string script, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE outreach.outbox SET status = 'sent', sent_at = @now, script = @script, attempts = attempts + 1,
                   reason = 'telefonoppgave opprettet', updated_at = @now
            WHERE outbox_id = @id AND status = 'pending'
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("id", outboxId);
        command.Parameters.AddWithValue("script", script);
        command.Parameters.AddWithValue("now", now);
        var completed = await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        if (completed)
        {
            metrics.LettersSent("telefon", 1);
        }
        return completed;
    }

    /// <summary>Letters and e-mails handed off since <paramref name="dayStart"/> (the daily cap).</summary>
    public async Task<int> HandedOffSinceAsync(DateTimeOffset dayStart, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT count(*) FROM outreach.outbox
            WHERE channel IN ('post', 'epost') AND status IN ('sent', 'sending', 'uncertain') AND coalesce(sent_at, claimed_at) >= @start
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("start", dayStart);
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>An address the mail server refused for good; the owner's "E-post ugyldig" follows from it.</summary>
    public async Task MarkBadAddressAsync(string epost, string? eierId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO outreach.bad_address (epost, eier_id, reason, recorded_at) VALUES (lower(trim(@epost)), @eier, @reason, @now)
            ON CONFLICT (epost) DO NOTHING
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("epost", epost);
        command.Parameters.AddWithValue("eier", (object?)eierId ?? DBNull.Value);
        command.Parameters.AddWithValue("reason", reason);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Letters rendered but not yet in a print batch, oldest first.</summary>
    public async Task<IReadOnlyList<(long OutboxId, RenderedLetter Letter)>> UnbatchedLettersAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT o.outbox_id, o.eier_id, g.navn, o.step, o.document_pdf, coalesce(o.document_pages, 1)
            FROM outreach.outbox o JOIN owners.grunneier g ON g.eier_id = o.eier_id
            WHERE o.channel = 'post' AND o.status = 'sent' AND o.document_pdf IS NOT NULL AND o.print_batch IS NULL
            ORDER BY o.sent_at, o.outbox_id
            """;
        await using var command = dataSource.CreateCommand(sql);
        var rows = new List<(long, RenderedLetter)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetInt64(0), new RenderedLetter(reader.GetString(1), reader.GetString(2), OutreachVocabulary.StepFromDatabase(reader.GetString(3)),
                reader.GetFieldValue<byte[]>(4), reader.GetInt32(5))));
        }
        return rows;
    }

    /// <summary>The letters already in the day's batch <paramref name="batchName"/>, in the order they were printed there.</summary>
    public async Task<IReadOnlyList<RenderedLetter>> LettersInBatchAsync(string batchName, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT o.eier_id, g.navn, o.step, o.document_pdf, coalesce(o.document_pages, 1)
            FROM outreach.outbox o JOIN owners.grunneier g ON g.eier_id = o.eier_id
            WHERE o.print_batch = @batch AND o.document_pdf IS NOT NULL
            ORDER BY o.sent_at, o.outbox_id
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("batch", batchName);
        var letters = new List<RenderedLetter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            letters.Add(new RenderedLetter(reader.GetString(0), reader.GetString(1), OutreachVocabulary.StepFromDatabase(reader.GetString(2)),
                reader.GetFieldValue<byte[]>(3), reader.GetInt32(4)));
        }
        return letters;
    }

    /// <summary>Records which batch the letters went into, so the next pass does not print them again.</summary>
    public async Task MarkBatchedAsync(IReadOnlyList<long> outboxIds, string batchName)
    {
        await using var command = dataSource.CreateCommand("UPDATE outreach.outbox SET print_batch = $2 WHERE outbox_id = ANY($1) AND print_batch IS NULL");
        command.Parameters.AddWithValue(outboxIds.ToArray());
        command.Parameters.AddWithValue(batchName);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private async Task<bool> UpdateAsync(string set, string where, long outboxId, string text, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"UPDATE outreach.outbox SET {set}, updated_at = @now WHERE outbox_id = @id AND {where}");
        command.Parameters.AddWithValue("id", outboxId);
        command.Parameters.AddWithValue("text", text);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
