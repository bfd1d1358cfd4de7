using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Tomte.Worker.Owners.Matrikkel;

namespace Tomte.Worker.Owners;

/// <summary>
/// <c>tomte owners lookup</c>: the parcels under the current sites (the overlay runs first), their owners from the
/// configured provider, stored in one transaction.
/// </summary>
public sealed class OwnerLookup(
    ParcelOverlay overlay, NpgsqlDataSource dataSource, OwnerStore store, IServiceProvider services, IOptions<OwnersOptions> options, ILogger<OwnerLookup> logger)
{
    public sealed record Result(ParcelOverlay.Result Parcels, int Asked, int Found, OwnerStore.Result Stored, int Requests);

    public async Task<Result> RunAsync(IReadOnlyCollection<string> kommuner, CancellationToken cancellationToken)
    {
        var provider = options.Value.Provider switch
        {
            OwnerProvider.Matrikkel => services.GetRequiredService<MatrikkelOwnerProvider>(),
            _ => throw new OwnerLookupException(
                $"ingen eieroppslag er konfigurert ({OwnersOptions.Section}:Provider er {options.Value.Provider}); importer eiere med «tomte owners import --file», eller sett Provider til Matrikkel"),
        };
        var parcels = await overlay.RunAsync(kommuner, cancellationToken);
        var asked = await ParcelsAsync(kommuner, cancellationToken);
        var found = await provider.LookupAsync(asked, cancellationToken);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = await store.SaveAsync(connection, transaction, found.Owners, provider.Source, found.Covered.Select(c => c.ToString()).ToList(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.OwnersLookedUp(stored.Owners, stored.NewOwners, stored.Parcels, stored.Removed, stored.Suppressed);
        return new Result(parcels, asked.Count, found.Covered.Count, stored, found.Requests);
    }

    private async Task<IReadOnlyList<Matrikkelnummer>> ParcelsAsync(IReadOnlyCollection<string> kommuner, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT DISTINCT e.kommunenummer::text, e.gnr, e.bnr, e.fnr, e.snr
            FROM owners.tomt_eiendom te
            JOIN analysis.tomt t ON t.tomte_id = te.tomte_id
            JOIN owners.eiendom e ON e.matrikkelnummer = te.matrikkelnummer
            WHERE t.endring IN ('ny', 'endret', 'uendret') AND (cardinality(@kommuner) = 0 OR t.kommunenummer = ANY (@kommuner))
            ORDER BY 1, 2, 3, 4, 5
            """;
        var parcels = new List<Matrikkelnummer>();
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("kommuner", kommuner.ToArray());
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
