using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;
using Tomte.Worker.Airtable.Sync;

namespace Tomte.Worker.Owners;

/// <summary>
/// The scheduled <c>tomte owners lookup</c>, chained after the analysis job: the kommuner that have qualified sites
/// (score at least Tomte:Airtable:Sync:MinScore, the ones that go to the team) whose parcels have no known owner yet are
/// looked up with the configured provider. Without a provider (owners come from <c>tomte owners import</c>) it is skipped.
/// </summary>
[DisallowConcurrentExecution]
public sealed class OwnersJob(
    OwnerLookup lookup, NpgsqlDataSource dataSource, IOptions<OwnersOptions> owners, IOptions<AirtableSyncOptions> sync, ILogger<OwnersJob> logger) : IJob
{
    public const string Name = "owners";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (owners.Value.Provider == OwnerProvider.Ingen)
        {
            logger.OwnersJobWithoutProvider(owners.Value.Provider);
            context.Result = Jobs.JobOutcome.Skipped;
            return;
        }
        var kommuner = await KommunerWithNewQualifiedSitesAsync(cancellationToken);
        logger.OwnersJobKommuner(kommuner.Count);
        if (kommuner.Count > 0)
        {
            await lookup.RunAsync(kommuner, cancellationToken);
        }
    }

    private async Task<IReadOnlyList<string>> KommunerWithNewQualifiedSitesAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT DISTINCT t.kommunenummer::text
            FROM analysis.tomt t
            WHERE t.endring IN ('ny', 'endret', 'uendret') AND t.score >= $1
              AND NOT EXISTS (
                  SELECT 1 FROM owners.tomt_eiendom te
                  JOIN owners.eierskap e ON e.matrikkelnummer = te.matrikkelnummer
                  WHERE te.tomte_id = t.tomte_id)
            ORDER BY 1
            """;
        var kommuner = new List<string>();
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(sync.Value.MinScore);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            kommuner.Add(reader.GetString(0));
        }
        return kommuner;
    }
}
