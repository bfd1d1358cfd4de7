using System.Text.Json.Nodes;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Tomte.Worker.Airtable;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Letters;
using Tomte.Worker.Owners.Privacy;

namespace Tomte.Worker.Outreach;

/// <summary>
/// Reads the sales inbox over IMAP (polling, from the last UID seen) and acts on what concerns our e-mails: a reply
/// stops the sequence and moves the owner's Airtable status to "svar"; a reply asking us to stop also puts the owner
/// on the suppression list; a bounce marks the address bad; an auto-reply is ignored. Anything referring to a row
/// left 'uncertain' by a crash proves that e-mail arrived, and the row is marked sent.
/// </summary>
public sealed class ReplyReader(
    NpgsqlDataSource dataSource,
    OutboxStore store,
    ContactPermissions permissions,
    AirtableClient airtable,
    TimeProvider time,
    IOptions<OutreachOptions> options,
    ILogger<ReplyReader> logger)
{
    /// <summary>The Grunneiere status a reply moves the owner to: the worker's one write to a team field.</summary>
    public const string ReplyStatus = "svar";

    public sealed record Result(int Messages, IReadOnlyDictionary<InboundKind, int> Kinds);

    public bool IsConfigured => options.Value.Imap.IsConfigured;

    public async Task<Result> RunAsync(CancellationToken cancellationToken)
    {
        var imap = options.Value.Imap;
        var mailboxName = options.Value.ImapMappe;
        using var client = new ImapClient();
        await MailServerConnection.OpenAsync(client, imap, $"{OutreachOptions.Section}:Imap", cancellationToken);
        var folder = await client.GetFolderAsync(mailboxName, cancellationToken);
        await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var (validity, lastUid) = await WatermarkAsync(mailboxName, folder.UidValidity, cancellationToken);
        var uids = (await folder.SearchAsync(SearchQuery.Uids(new UniqueIdRange(new UniqueId(validity, (uint)Math.Min(lastUid + 1, uint.MaxValue)), UniqueId.MaxValue)), cancellationToken))
            .Where(u => u.Id > lastUid)
            .OrderBy(u => u.Id)
            .ToArray();
        var kinds = Enum.GetValues<InboundKind>().ToDictionary(k => k, _ => 0);
        foreach (var uid in uids)
        {
            var message = await folder.GetMessageAsync(uid, cancellationToken);
            var kind = await HandleAsync(mailboxName, validity, uid.Id, message, cancellationToken);
            kinds[kind]++;
        }
        await client.DisconnectAsync(true, cancellationToken);
        logger.InboxRead(mailboxName, uids.Length, kinds[InboundKind.Svar], kinds[InboundKind.Avmelding], kinds[InboundKind.Retur], kinds[InboundKind.Autosvar], kinds[InboundKind.Ukjent]);
        return new Result(uids.Length, kinds);
    }

    private sealed record OurMessage(long OutboxId, string EierId, OutreachStep Step, OutboxStatus Status, string? Epost);

    private async Task<InboundKind> HandleAsync(string mailbox, uint validity, uint uid, MimeKit.MimeMessage message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var inbound = ReplyClassifier.Classify(message);
        var ours = inbound.ReferencedIds.Count == 0 ? null : await FindAsync(inbound.ReferencedIds, cancellationToken);
        var kind = ours is null && inbound.Kind != InboundKind.Retur ? InboundKind.Ukjent : inbound.Kind;
        string? statusWritten = null;
        if (ours is not null && ours.Status == OutboxStatus.Uncertain && kind is InboundKind.Svar or InboundKind.Avmelding or InboundKind.Autosvar)
        {
            await store.MarkSentAsync(ours.OutboxId, "avklart: svar på meldingen kom inn", now);
            logger.UncertainReconciled(ours.EierId, ours.Step);
        }
        switch (kind)
        {
            case InboundKind.Svar or InboundKind.Avmelding when ours is not null:
                if (kind == InboundKind.Avmelding)
                {
                    await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                    await permissions.AddOptOutAsync(connection, null, new OptOut(ours.EierId, ours.Epost, null, "svar på e-post med ønske om å ikke bli kontaktet"), cancellationToken);
                }
                await store.StopAsync(ours.EierId, kind == InboundKind.Avmelding ? "ba om å ikke bli kontaktet (svar på e-post)" : "svar mottatt på e-post", now, cancellationToken);
                statusWritten = await WriteReplyStatusAsync(ours.EierId, cancellationToken);
                break;
            case InboundKind.Retur:
                var address = inbound.BouncedAddress ?? ours?.Epost;
                if (address is not null)
                {
                    await store.MarkBadAddressAsync(address, ours?.EierId, $"returnert: {inbound.BounceStatus ?? "ukjent status"}", now, cancellationToken);
                }
                if (ours is not null)
                {
                    await store.MarkBouncedAsync(ours.OutboxId, $"returnert av mottakerens e-posttjener ({inbound.BounceStatus ?? "ukjent status"})", now);
                }
                break;
        }
        await RecordAsync(mailbox, validity, uid, ours?.EierId, kind, statusWritten, now, cancellationToken);
        return kind;
    }

    /// <summary>
    /// Grunneiere.Status is the team's field; moving it to "svar" when an owner answers is the one exception the design
    /// allows, so the team sees the answer without reading the inbox. It is a PATCH of that single field on the owner's
    /// record (nothing else is sent), recorded in outreach.inbound_message.
    /// </summary>
    private async Task<string?> WriteReplyStatusAsync(string eierId, CancellationToken cancellationToken)
    {
        if (!airtable.IsConfigured)
        {
            return null;
        }
        await using var command = dataSource.CreateCommand(
            "SELECT record_id FROM airtable.record_map WHERE table_name = 'Grunneiere' AND record_key = $1 AND discarded_at IS NULL");
        command.Parameters.AddWithValue(eierId);
        if (await command.ExecuteScalarAsync(cancellationToken) is not string recordId)
        {
            logger.ReplyWithoutRecord(eierId);
            return null;
        }
        await airtable.UpdateAsync(TomteSchema.Grunneiere, [new AirtableRecordUpdate(recordId, new JsonObject { ["Status"] = ReplyStatus })], cancellationToken: cancellationToken);
        logger.ReplyStatusWritten(eierId, ReplyStatus);
        return ReplyStatus;
    }

    private async Task<OurMessage?> FindAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT o.outbox_id, o.eier_id, o.step, o.status, g.epost
            FROM outreach.outbox o JOIN owners.grunneier g ON g.eier_id = o.eier_id
            WHERE o.message_id = ANY($1) ORDER BY o.outbox_id DESC LIMIT 1
            """);
        command.Parameters.AddWithValue(ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new OurMessage(reader.GetInt64(0), reader.GetString(1), OutreachVocabulary.StepFromDatabase(reader.GetString(2)),
                OutreachVocabulary.StatusFromDatabase(reader.GetString(3)), reader.IsDBNull(4) ? null : reader.GetString(4))
            : null;
    }

    private async Task<(uint Validity, long LastUid)> WatermarkAsync(string mailbox, uint validity, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT uid_validity, last_uid FROM outreach.imap_state WHERE mailbox = $1");
        command.Parameters.AddWithValue(mailbox);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        // A new UIDVALIDITY means the server renumbered the folder: start over (inbound_message keeps what was handled).
        return await reader.ReadAsync(cancellationToken) && reader.GetInt64(0) == validity ? (validity, reader.GetInt64(1)) : (validity, 0);
    }

    /// <summary>The message and the watermark in one transaction, so a crash re-reads at most the message it was on.</summary>
    private async Task RecordAsync(string mailbox, uint validity, uint uid, string? eierId, InboundKind kind, string? statusWritten, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO outreach.inbound_message (mailbox, uid_validity, uid, eier_id, kind, status_written, received_at)
            VALUES (@mailbox, @validity, @uid, @eier, @kind, @status, @now)
            ON CONFLICT (mailbox, uid_validity, uid) DO NOTHING;
            INSERT INTO outreach.imap_state (mailbox, uid_validity, last_uid, updated_at) VALUES (@mailbox, @validity, @uid, @now)
            ON CONFLICT (mailbox) DO UPDATE SET uid_validity = excluded.uid_validity, last_uid = excluded.last_uid, updated_at = excluded.updated_at;
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("mailbox", mailbox);
        command.Parameters.AddWithValue("validity", (long)validity);
        command.Parameters.AddWithValue("uid", (long)uid);
        command.Parameters.AddWithValue("eier", (object?)eierId ?? DBNull.Value);
        command.Parameters.AddWithValue("kind", kind.ToString().ToLowerInvariant());
        command.Parameters.AddWithValue("status", (object?)statusWritten ?? DBNull.Value);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
