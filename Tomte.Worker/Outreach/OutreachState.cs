using Npgsql;
using Tomte.Worker.Airtable.Schema;

using Tomte.Worker.Letters;

namespace Tomte.Worker.Outreach;

/// <summary>One (owner, step) row of outreach.outbox as the planner sees it.</summary>
public sealed record OutboxRow(long OutboxId, OutreachStep Step, OutboxStatus Status, DateTimeOffset DueAt, int Attempts,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? SentAt, string? Reason, string? MessageId);

/// <summary>
/// What the sequence knows about one owner: contact facts from owners.grunneier, the team's fields as read back
/// from Airtable (approval, consent, status, responsible person), and the sequence and outbox so far.
/// </summary>
public sealed record OwnerOutreach(
    string EierId,
    bool IsOrganisation,
    string? Epost,
    bool EpostUgyldig,
    bool HasPhone,
    bool HasAddress,
    bool Godkjent,
    bool SamtykkeEpost,
    string? Status,
    string? Ansvarlig,
    DateTimeOffset? StartedAt,
    DateTimeOffset? AnchorAt,
    DateTimeOffset? StoppedAt,
    string? StopReason,
    DateTimeOffset? Brev1UtfortAt,
    IReadOnlyList<OutboxRow> Outbox)
{
    public OutboxRow? Row(OutreachStep step) => Outbox.FirstOrDefault(r => r.Step == step);

    /// <summary>Status past "brev sendt" in the pipeline (svar, dialog, møte, LOI, ikke interessert, reservert).</summary>
    public bool StatusPastBrevSendt =>
        Status is not null && TomteSchema.GrunneierStatus.ToList() is var pipeline && pipeline.IndexOf(Status) > pipeline.IndexOf("brev sendt");
}

/// <summary>Reads <see cref="OwnerOutreach"/> for every owner the team approved or whose sequence exists.</summary>
public sealed class OutreachStateReader(NpgsqlDataSource dataSource)
{
    /// <summary>The Aktivitet-ID of an (owner, step): the Airtable key of its Aktiviteter record.</summary>
    public static string AktivitetId(string eierId, OutreachStep step) => $"{eierId}-{step.Text()}";

    public async Task<IReadOnlyList<OwnerOutreach>> ReadAsync(CancellationToken cancellationToken, string? eierId = null)
    {
        // Team fields come from the read-back (airtable.team_field_current); an unticked checkbox is absent (NULL).
        const string sql = """
            WITH team AS (
                SELECT record_key AS eier_id,
                       bool_or(field_name = 'Godkjent for utsending' AND value = 'true'::jsonb) AS godkjent,
                       bool_or(field_name = 'Samtykke e-post' AND value = 'true'::jsonb) AS samtykke,
                       max(value #>> '{}') FILTER (WHERE field_name = 'Status') AS status,
                       max(value #>> '{}') FILTER (WHERE field_name = 'Ansvarlig') AS ansvarlig
                FROM airtable.team_field_current
                WHERE table_name = 'Grunneiere'
                GROUP BY record_key
            )
            SELECT g.eier_id, g.type = 'organisasjon', nullif(trim(g.epost), ''),
                   EXISTS (SELECT 1 FROM outreach.bad_address b WHERE lower(b.epost) = lower(trim(g.epost))),
                   coalesce(trim(g.telefon), '') <> '', coalesce(trim(g.adresse), '') <> '' AND coalesce(trim(g.postnummer), '') <> '' AND coalesce(trim(g.poststed), '') <> '',
                   coalesce(t.godkjent, false), coalesce(t.samtykke, false), t.status, t.ansvarlig,
                   s.started_at, s.anchor_at, s.stopped_at, s.stop_reason,
                   (SELECT u.valid_from FROM airtable.team_field_current u
                    WHERE u.table_name = 'Aktiviteter' AND u.record_key = g.eier_id || '-grunneierbrev-1'
                      AND u.field_name = 'Utført' AND u.value = 'true'::jsonb)
            FROM owners.grunneier g
            LEFT JOIN team t ON t.eier_id = g.eier_id
            LEFT JOIN outreach.sequence s ON s.eier_id = g.eier_id
            WHERE (coalesce(t.godkjent, false) OR s.eier_id IS NOT NULL)
              AND (@eier::text IS NULL OR g.eier_id = @eier)
            ORDER BY g.eier_id
            """;
        var owners = new List<OwnerOutreach>();
        await using (var command = dataSource.CreateCommand(sql))
        {
            command.Parameters.AddWithValue("eier", (object?)eierId ?? DBNull.Value);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
                DateTimeOffset? Time(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
                owners.Add(new OwnerOutreach(reader.GetString(0), reader.GetBoolean(1), Text(2), reader.GetBoolean(3), reader.GetBoolean(4),
                    reader.GetBoolean(5), reader.GetBoolean(6), reader.GetBoolean(7), Text(8), Text(9), Time(10), Time(11), Time(12), Text(13),
                    Time(14), []));
            }
        }
        var rows = await OutboxAsync(owners.Select(o => o.EierId).ToArray(), cancellationToken);
        return owners.Select(o => o with { Outbox = rows.TryGetValue(o.EierId, out var r) ? r : [] }).ToArray();
    }

    private async Task<Dictionary<string, List<OutboxRow>>> OutboxAsync(string[] eierIds, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT eier_id, outbox_id, step, status, due_at, attempts, next_attempt_at, sent_at, reason, message_id
            FROM outreach.outbox WHERE eier_id = ANY(@ids) ORDER BY eier_id, due_at, outbox_id
            """;
        var result = new Dictionary<string, List<OutboxRow>>(StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("ids", eierIds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new OutboxRow(reader.GetInt64(1), OutreachVocabulary.StepFromDatabase(reader.GetString(2)),
                OutreachVocabulary.StatusFromDatabase(reader.GetString(3)), reader.GetFieldValue<DateTimeOffset>(4), reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6), reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9));
            var key = reader.GetString(0);
            if (!result.TryGetValue(key, out var list))
            {
                result[key] = list = [];
            }
            list.Add(row);
        }
        return result;
    }
}
