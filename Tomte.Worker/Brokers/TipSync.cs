using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Tomte.Worker.Airtable;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Airtable.Sync;

namespace Tomte.Worker.Brokers;

/// <summary>
/// Tips through Airtable, inside every <c>tomte sync</c>: records the team created in Meglere and Innspill get their
/// Megler-ID / Innspill-ID before the read-back (which then reads their team fields past the watermark like any
/// table's); after it, every tip whose land (matrikkelnummer, adresse, polygon) changed is assessed and the worker
/// fields of Innspill and Meglere are written back by record id. Team fields are never written.
/// </summary>
public sealed class TipSync(
    AirtableClient client,
    NpgsqlDataSource dataSource,
    TipAssessor assessor,
    TipStore store,
    BrokerFollowUp followUp,
    TimeProvider time,
    IOptions<AirtableSyncOptions> syncOptions,
    ILogger<TipSync> logger)
{
    public sealed record Result(int NewIds, int NewBrokerIds, int Assessed, int Refused, int Unchanged, int Written);

    /// <summary>Requests <see cref="AssignIdsAsync"/> makes when the team created nothing: one list per brokers' table.</summary>
    public const int IdleIdLookups = 2;

    /// <summary>Gives team-created Meglere and Innspill records their key, so the read-back and the write-back can name them.</summary>
    public async Task<(int Tips, int Brokers)> AssignIdsAsync(CancellationToken cancellationToken)
    {
        var brokers = await AssignAsync(TomteSchema.Table(TomteSchema.Meglere), "M", "brokers.megler_nr", cancellationToken);
        var tips = await AssignAsync(TomteSchema.Table(TomteSchema.Innspill), "I", "brokers.innspill_nr", cancellationToken);
        return (tips, brokers);
    }

    private async Task<int> AssignAsync(TableSpec spec, string prefix, string sequence, CancellationToken cancellationToken)
    {
        var records = new List<string>();
        var listOptions = new ListOptions { Fields = [spec.Key.Name], FilterByFormula = $"{{{spec.Key.Name}}} = BLANK()" };
        await foreach (var record in client.ListRecordsAsync(spec.Name, listOptions, cancellationToken))
        {
            records.Add(record.Id);
        }
        foreach (var batch in records.Chunk(AirtableOutboundSync.BatchSize))
        {
            var ids = new List<string>();
            foreach (var _ in batch)
            {
                await using var next = dataSource.CreateCommand($"SELECT nextval('{sequence}')");
                var number = (long)(await next.ExecuteScalarAsync(cancellationToken))!;
                ids.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}-{number:D4}"));
            }
            await client.UpdateAsync(spec.Name, batch.Select((id, i) => new AirtableRecordUpdate(id, new JsonObject { [spec.Key.Name] = ids[i] })).ToArray(),
                cancellationToken: cancellationToken);
            await using var map = dataSource.CreateCommand("""
                INSERT INTO airtable.record_map (table_name, record_key, record_id, content_hash, synced_at)
                SELECT @table, k, r, NULL, @now FROM unnest(@keys::text[], @records::text[]) AS x(k, r)
                ON CONFLICT (table_name, record_key) DO NOTHING
                """);
            map.Parameters.AddWithValue("table", spec.Name);
            map.Parameters.AddWithValue("keys", ids.ToArray());
            map.Parameters.AddWithValue("records", batch);
            map.Parameters.AddWithValue("now", time.GetUtcNow());
            await map.ExecuteNonQueryAsync(cancellationToken);
        }
        return records.Count;
    }

    private sealed record TeamTip(string InnspillId, string? Matrikkelnummer, string? Adresse, string? Polygon, string? MeglerId, string? StoredHash)
    {
        public string InputText => $"{Matrikkelnummer}\u001f{Adresse}\u001f{Polygon}";

        public string InputHash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(InputText)));
    }

    /// <summary>Assesses the tips whose land changed since their last assessment, then writes Innspill and Meglere back.</summary>
    /// <param name="assigned">What <see cref="AssignIdsAsync"/> gave ids to in this sync, for the result.</param>
    public async Task<Result> AssessAndWriteBackAsync((int Tips, int Brokers) assigned, CancellationToken cancellationToken)
    {
        var assessed = 0;
        var refused = 0;
        var unchanged = 0;
        foreach (var tip in await TeamTipsAsync(cancellationToken))
        {
            if (tip.StoredHash == tip.InputHash)
            {
                await store.SetBrokerAsync(tip.InnspillId, tip.MeglerId, cancellationToken);
                unchanged++;
                continue;
            }
            var now = time.GetUtcNow();
            try
            {
                var input = TipInput.FromFields(tip.Matrikkelnummer, tip.Adresse, tip.Polygon)
                    ?? throw new TipInputException(TipProblem.NoInput, "Innspillet mangler matrikkelnummer, adresse og polygon; fyll inn ett av dem");
                var assessment = await assessor.AssessAsync(input, tip.InnspillId, cancellationToken);
                await store.SaveAssessedAsync(tip.InnspillId, tip.MeglerId, tip.InputText, tip.InputHash, assessment, now, cancellationToken);
                logger.TipAssessed(tip.InnspillId, (long)assessment.Duration.TotalMilliseconds, assessment.Kommunenummer, assessment.Tomter.Count);
                assessed++;
            }
            catch (TipInputException ex)
            {
                await store.SaveRefusedAsync(tip.InnspillId, tip.MeglerId, tip.InputText, tip.InputHash, ex.Message, now, cancellationToken);
                logger.TipRefused(tip.InnspillId, ex.Problem);
                refused++;
            }
        }
        var written = await WriteBackAsync(TomteSchema.Table(TomteSchema.Innspill), await InnspillRecordsAsync(cancellationToken), cancellationToken);
        written += await WriteBackAsync(TomteSchema.Table(TomteSchema.Meglere), await MeglerRecordsAsync(cancellationToken), cancellationToken);
        var result = new Result(assigned.Tips, assigned.Brokers, assessed, refused, unchanged, written);
        logger.TipsSynced(assigned.Tips, assigned.Brokers, assessed, refused, unchanged, written);
        return result;
    }

    /// <summary>The team's fields of every tip as read back (airtable.team_field_current), beside the last assessed input.</summary>
    private async Task<IReadOnlyList<TeamTip>> TeamTipsAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT m.record_key,
                   max(c.value #>> '{}') FILTER (WHERE c.field_name = 'Matrikkelnummer'),
                   max(c.value #>> '{}') FILTER (WHERE c.field_name = 'Adresse'),
                   max(c.value #>> '{}') FILTER (WHERE c.field_name = 'Polygon'),
                   (SELECT b.record_key FROM airtable.record_map b
                    WHERE b.table_name = 'Meglere' AND b.record_id = max(c.value ->> 0) FILTER (WHERE c.field_name = 'Megler')),
                   i.input_hash
            FROM airtable.record_map m
            LEFT JOIN airtable.team_field_current c ON c.table_name = m.table_name AND c.record_key = m.record_key
            LEFT JOIN brokers.innspill i ON i.innspill_id = m.record_key
            WHERE m.table_name = 'Innspill' AND m.discarded_at IS NULL
            GROUP BY m.record_key, i.input_hash
            HAVING count(c.field_name) > 0 OR i.input_hash IS NOT NULL
            ORDER BY m.record_key
            """;
        var tips = new List<TeamTip>();
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tips.Add(new TeamTip(reader.GetString(0), Text(reader, 1), Text(reader, 2), Text(reader, 3), Text(reader, 4), Text(reader, 5)));
        }
        return tips;
    }

    private static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private async Task<IReadOnlyList<OutboundRecord>> InnspillRecordsAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT i.innspill_id, i.status, i.melding, i.kommunenummer || coalesce(' ' || k.navn, ''), i.areal_daa, i.sonert_andel, i.formal,
                   i.regulert_andel, i.planer, i.konflikter, i.score, i.score_forklaring, i.eiere, i.tomte_ids, i.kart, i.vurdert_at
            FROM brokers.innspill i
            LEFT JOIN ref.kommune k ON k.kommunenummer = i.kommunenummer
            ORDER BY i.innspill_id
            """;
        var spec = TomteSchema.Table(TomteSchema.Innspill);
        var records = new List<OutboundRecord>();
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var record = OutboundRecord.For(spec, reader.GetString(0));
            if (reader.GetString(1) == "feil")
            {
                // A refused tip: the message, and nothing else on the record changes.
                records.Add(record.Set("Status", "feil").Set("Melding", reader.GetString(2)).Build());
                continue;
            }
            record.Set("Status", "vurdert").Set("Melding", null)
                .Set("Kommune", Text(reader, 3)).Set("Areal (daa)", reader.GetDecimal(4)).Set("Sonert andel", reader.GetDecimal(5))
                .Set("Formål", Text(reader, 6)).Set("Regulert andel", reader.GetDecimal(7)).Set("Planer under arbeid", Text(reader, 8))
                .Set("Konflikter", Text(reader, 9)).Set("Score", reader.IsDBNull(10) ? null : reader.GetDecimal(10))
                .Set("Scoreforklaring", Text(reader, 11)).Set("Eiere", Text(reader, 12))
                .Set("Tomter", new LinkKeys(reader.GetFieldValue<string[]>(13)))
                .Set("Vurdert", reader.GetFieldValue<DateTimeOffset>(15).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            records.Add(record.Build(reader.IsDBNull(14) ? null : reader.GetFieldValue<byte[]>(14)));
        }
        return records;
    }

    private async Task<IReadOnlyList<OutboundRecord>> MeglerRecordsAsync(CancellationToken cancellationToken)
    {
        var spec = TomteSchema.Table(TomteSchema.Meglere);
        return (await followUp.SummaryAsync(cancellationToken)).Select(b => OutboundRecord.For(spec, b.MeglerId)
            .Set("Antall innspill", b.Innspill).Set("Kvalifiserte", b.Kvalifiserte).Set("Dialog eller LOI", b.DialogEllerLoi)
            .Set("Oppdatert", b.SistVurdert?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture))
            .Build()).ToList();
    }

    /// <summary>Changed records PATCHed by record id (the team made them; Tomte never creates one), maps uploaded when they changed.</summary>
    private async Task<int> WriteBackAsync(TableSpec spec, IReadOnlyList<OutboundRecord> records, CancellationToken cancellationToken)
    {
        var map = await MapAsync(spec.Name, cancellationToken);
        var links = new Dictionary<string, IReadOnlyDictionary<string, string?>>(StringComparer.Ordinal);
        foreach (var linked in spec.WorkerWritten.Where(f => f.LinkedTable is not null).Select(f => f.LinkedTable!).Distinct())
        {
            links[linked] = (await MapAsync(linked, cancellationToken)).ToDictionary(m => m.Key, m => (string?)m.Value.RecordId, StringComparer.Ordinal);
        }
        var pending = new List<(OutboundRecord Record, string RecordId, JsonObject Fields, string Hash)>();
        foreach (var record in records)
        {
            if (!map.TryGetValue(record.Key, out var known))
            {
                continue;
            }
            var fields = AirtableOutboundSync.Payload(record, links, []);
            fields.Remove(spec.Key.Name);
            var hash = AirtableOutboundSync.SentHash(record, fields);
            if (hash != known.ContentHash)
            {
                pending.Add((record, known.RecordId, fields, hash));
            }
        }
        foreach (var batch in pending.Chunk(AirtableOutboundSync.BatchSize))
        {
            await client.UpdateAsync(spec.Name, batch.Select(p => new AirtableRecordUpdate(p.RecordId, p.Fields)).ToArray(), cancellationToken: cancellationToken);
            foreach (var p in batch)
            {
                await SetHashAsync(spec.Name, p.Record.Key, "content_hash", p.Hash, cancellationToken);
            }
        }
        foreach (var record in records.Where(r => r.Attachment is not null && map.ContainsKey(r.Key)))
        {
            await UploadMapAsync(spec, record, map[record.Key], cancellationToken);
        }
        return pending.Count;
    }

    private async Task UploadMapAsync(TableSpec spec, OutboundRecord record, (string RecordId, string? ContentHash, string? AttachmentHash) known, CancellationToken cancellationToken)
    {
        var png = record.Attachment!;
        var hash = Convert.ToHexStringLower(SHA256.HashData(png));
        if (hash == known.AttachmentHash)
        {
            return;
        }
        if (png.Length > syncOptions.Value.MaxAttachmentBytes)
        {
            logger.TipMapTooLarge(record.Key, png.Length);
            return;
        }
        if (known.AttachmentHash is not null)
        {
            // uploadAttachment appends; the old map goes first so the field shows only the current one.
            await client.UpdateAsync(spec.Name, [new AirtableRecordUpdate(known.RecordId, new JsonObject { ["Kart"] = null })], cancellationToken: cancellationToken);
        }
        await client.UploadAttachmentAsync(known.RecordId, "Kart", $"{record.Key}.png", "image/png", png, cancellationToken);
        await SetHashAsync(spec.Name, record.Key, "attachment_hash", hash, cancellationToken);
    }

    private async Task<Dictionary<string, (string RecordId, string? ContentHash, string? AttachmentHash)>> MapAsync(string table, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, (string, string?, string?)>(StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand(
            "SELECT record_key, record_id, content_hash, attachment_hash FROM airtable.record_map WHERE table_name = $1 AND discarded_at IS NULL");
        command.Parameters.AddWithValue(table);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = (reader.GetString(1), Text(reader, 2), Text(reader, 3));
        }
        return result;
    }

    // Column names are this class's constants, never input.
    private async Task SetHashAsync(string table, string key, string column, string hash, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"UPDATE airtable.record_map SET {column} = $3, synced_at = $4 WHERE table_name = $1 AND record_key = $2");
        command.Parameters.AddWithValue(table);
        command.Parameters.AddWithValue(key);
        command.Parameters.AddWithValue(hash);
        command.Parameters.AddWithValue(time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
