using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Tomte.Worker.Owners.Matrikkel;

namespace Tomte.Worker.Owners;

/// <summary>
/// <c>tomte owners lookup</c>: the parcels under the current sites (the overlay runs first), their owners from the
/// configured provider, stored in one transaction together with what land each site was looked up for
/// (owners.tomt_oppslag), so the owners job asks again only for new or changed sites.
/// </summary>
public sealed class OwnerLookup(
    ParcelOverlay overlay, NpgsqlDataSource dataSource, OwnerStore store, IServiceProvider services, IOptions<OwnersOptions> options, TimeProvider time, ILogger<OwnerLookup> logger)
{
    public sealed record Result(ParcelOverlay.Result Parcels, int Asked, int Found, OwnerStore.Result Stored, int Requests);

    // Qualified (what the sync sends the team), current, and not looked up for the land it has now: never looked up, its
    // geometry changed since (endring ny/endret again), or without parcels (the teig data may have arrived since).
    private const string DueSitesSql = """
        SELECT t.tomte_id
        FROM analysis.tomt t
        LEFT JOIN owners.tomt_oppslag o ON o.tomte_id = t.tomte_id
        WHERE t.endring IN ('ny', 'endret', 'uendret') AND t.score >= @min_score
          AND (o.tomte_id IS NULL OR o.geom_digest <> md5(ST_AsEWKB(t.geom))
               OR NOT EXISTS (SELECT 1 FROM owners.tomt_eiendom te WHERE te.tomte_id = t.tomte_id))
        ORDER BY t.tomte_id
        """;

    private const string RecordSql = """
        INSERT INTO owners.tomt_oppslag AS o (tomte_id, geom_digest, oppslag_at, kilde_type)
        SELECT t.tomte_id, md5(ST_AsEWKB(t.geom)), @now, @kilde_type
        FROM analysis.tomt t
        WHERE t.endring IN ('ny', 'endret', 'uendret') AND (cardinality(@kommuner) = 0 OR t.kommunenummer = ANY (@kommuner))
          AND (@all_sites OR t.tomte_id = ANY (@sites))
        ON CONFLICT (tomte_id) DO UPDATE SET geom_digest = excluded.geom_digest, oppslag_at = excluded.oppslag_at, kilde_type = excluded.kilde_type
        """;

    /// <summary>
    /// The owners job: owners only for the qualified sites (score at least <paramref name="minScore"/>) that are new or
    /// whose land changed since their last lookup; known ones are left alone. Null when no site is due.
    /// </summary>
    public async Task<Result?> RunForNewQualifiedSitesAsync(double minScore, CancellationToken cancellationToken)
    {
        var due = await DueSitesAsync(minScore, cancellationToken);
        logger.OwnersJobDueSites(due.Count);
        return due.Count == 0 ? null : await RunAsync([], cancellationToken, due);
    }

    /// <summary>The qualified sites the owners job would look up now (Tomte-IDs).</summary>
    public async Task<IReadOnlyList<string>> DueSitesAsync(double minScore, CancellationToken cancellationToken)
    {
        var due = new List<string>();
        await using var command = dataSource.CreateCommand(DueSitesSql);
        command.Parameters.AddWithValue("min_score", (decimal)minScore);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(reader.GetString(0));
        }
        return due;
    }

    /// <param name="kommuner">Only sites in these kommuner; empty for every site.</param>
    /// <param name="sites">Only these sites; null for every site in <paramref name="kommuner"/>.</param>
    public async Task<Result> RunAsync(IReadOnlyCollection<string> kommuner, CancellationToken cancellationToken, IReadOnlyCollection<string>? sites = null)
    {
        var provider = options.Value.Provider switch
        {
            OwnerProvider.Matrikkel => services.GetRequiredService<MatrikkelOwnerProvider>(),
            _ => throw new OwnerLookupException(
                $"ingen eieroppslag er konfigurert ({OwnersOptions.Section}:Provider er {options.Value.Provider}); importer eiere med «tomte owners import --file», eller sett Provider til Matrikkel"),
        };
        var parcels = await overlay.RunAsync(kommuner, cancellationToken, sites);
        var asked = await ParcelsAsync(kommuner, sites, cancellationToken);
        var found = await provider.LookupAsync(asked, cancellationToken);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = await store.SaveAsync(connection, transaction, found.Owners, provider.Source, found.Covered.Select(c => c.ToString()).ToList(), cancellationToken);
        await using (var record = new NpgsqlCommand(RecordSql, connection, transaction))
        {
            AddScope(record, kommuner, sites);
            record.Parameters.AddWithValue("now", time.GetUtcNow());
            record.Parameters.AddWithValue("kilde_type", provider.Source.Text());
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        logger.OwnersLookedUp(stored.Owners, stored.NewOwners, stored.Parcels, stored.Removed, stored.Suppressed);
        return new Result(parcels, asked.Count, found.Covered.Count, stored, found.Requests);
    }

    private static void AddScope(NpgsqlCommand command, IReadOnlyCollection<string> kommuners, IReadOnlyCollection<string>? sites)
    {
        command.Parameters.AddWithValue("kommuner", kommuners.ToArray());
        command.Parameters.AddWithValue("all_sites", sites is null);
        command.Parameters.AddWithValue("sites", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, sites?.ToArray() ?? []);
    }

    private async Task<IReadOnlyList<Matrikkelnummer>> ParcelsAsync(IReadOnlyCollection<string> kommuner, IReadOnlyCollection<string>? sites, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT DISTINCT e.kommunenummer::text, e.gnr, e.bnr, e.fnr, e.snr
            FROM owners.tomt_eiendom te
            JOIN analysis.tomt t ON t.tomte_id = te.tomte_id
            JOIN owners.eiendom e ON e.matrikkelnummer = te.matrikkelnummer
            WHERE t.endring IN ('ny', 'endret', 'uendret') AND (cardinality(@kommuner) = 0 OR t.kommunenummer = ANY (@kommuner))
              AND (@all_sites OR t.tomte_id = ANY (@sites))
            ORDER BY 1, 2, 3, 4, 5
            """;
        var parcels = new List<Matrikkelnummer>();
        await using var command = dataSource.CreateCommand(sql);
        AddScope(command, kommuner, sites);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            parcels.Add(new Matrikkelnummer(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4)));
        }
        return parcels;
    }
}

public sealed class OwnerLookupException : Exception
{
    public OwnerLookupException(string message) : base(message)
    {
    }

    public OwnerLookupException()
    {
    }

    public OwnerLookupException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
