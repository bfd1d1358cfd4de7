using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace Tomte.Worker.Owners.Privacy;

/// <summary>
/// Retention (<c>tomte gdpr retention [--dry-run]</c> and <see cref="RetentionJob"/>): owners linked only to sites that are
/// borte or regulert, the last of which went more than <see cref="PrivacyOptions.RetentionDays"/> ago, and whose team
/// status in Grunneiere is not one of dialogue (svar, dialog, møte, LOI), are erased through <see cref="OwnerEraser"/>
/// with <see cref="EraseReason.Retention"/>: in PostGIS and Airtable, without a hash. Owners linked to no site at all
/// (typed in by the team, or on a parcel a re-run of the overlay left) are kept: nothing says their site is gone.
/// </summary>
public sealed class OwnerRetention(NpgsqlDataSource dataSource, OwnerEraser eraser, IOptions<OwnersOptions> options, TimeProvider time,
    ILogger<OwnerRetention> logger)
{
    /// <summary>The Grunneiere statuses that mean the team is talking with the owner; such owners are never erased by retention.</summary>
    public static readonly IReadOnlyList<string> DialogueStatuses = ["svar", "dialog", "møte", "LOI"];

    /// <param name="Due">Owners due for erasure (erased unless a dry run), sorted.</param>
    /// <param name="InDialogue">Owners whose sites are all gone long enough, kept because they are in dialogue.</param>
    /// <param name="TooRecent">Owners whose sites are all gone, but not long enough ago.</param>
    public sealed record Result(IReadOnlyList<string> Due, int InDialogue, int TooRecent, int AirtableRecordsDeleted, bool DryRun, DateTimeOffset Cutoff);

    private const string CandidatesSql = """
        WITH linked AS (
            SELECT e.eier_id, bool_and(t.endring IN ('borte', 'regulert')) AS all_gone, max(t.endring_at) AS gone_at
            FROM owners.eierskap e
            JOIN owners.tomt_eiendom te ON te.matrikkelnummer = e.matrikkelnummer
            JOIN analysis.tomt t ON t.tomte_id = te.tomte_id
            GROUP BY e.eier_id
        )
        SELECT l.eier_id,
               l.gone_at < @cutoff AS old_enough,
               EXISTS (SELECT 1 FROM airtable.team_field_current c
                       WHERE c.table_name = 'Grunneiere' AND c.record_key = l.eier_id AND c.field_name = 'Status'
                         AND c.value #>> '{}' = ANY (@dialogue)) AS in_dialogue
        FROM linked l
        WHERE l.all_gone
        ORDER BY l.eier_id
        """;

    public async Task<Result> RunAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().AddDays(-options.Value.Privacy.RetentionDays);
        var due = new List<string>();
        int inDialogue = 0, tooRecent = 0;
        await using (var command = dataSource.CreateCommand(CandidatesSql))
        {
            command.Parameters.AddWithValue("cutoff", cutoff);
            command.Parameters.AddWithValue("dialogue", DialogueStatuses.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetBoolean(2))
                {
                    inDialogue++;
                }
                else if (!reader.GetBoolean(1))
                {
                    tooRecent++;
                }
                else
                {
                    due.Add(reader.GetString(0));
                }
            }
        }
        if (dryRun || due.Count == 0)
        {
            logger.RetentionChecked(due.Count, inDialogue, tooRecent, dryRun);
            return new Result(due, inDialogue, tooRecent, 0, dryRun, cutoff);
        }
        var erased = await eraser.EraseAsync(due, EraseReason.Retention, cancellationToken);
        var airtableDeleted = erased.Count(e => e.AirtableRecordDeleted);
        logger.RetentionErased(erased.Count, airtableDeleted, inDialogue, tooRecent, string.Join(",", erased.Select(e => e.EierId)));
        return new Result(erased.Select(e => e.EierId).ToList(), inDialogue, tooRecent, airtableDeleted, false, cutoff);
    }
}

/// <summary>The daily retention run; fails (shows red) when the erase fails, e.g. Airtable not reachable.</summary>
[DisallowConcurrentExecution]
public sealed class RetentionJob(OwnerRetention retention) : IJob
{
    public const string Name = "owner-retention";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await retention.RunAsync(dryRun: false, cancellationToken);
}
