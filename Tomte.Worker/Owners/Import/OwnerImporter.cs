using Microsoft.Extensions.Logging;
using Npgsql;

namespace Tomte.Worker.Owners.Import;

/// <summary><c>tomte owners import --file</c>: a whole owner file into the owner model in one transaction, or nothing.</summary>
public sealed class OwnerImporter(NpgsqlDataSource dataSource, OwnerStore store, TimeProvider time, ILogger<OwnerImporter> logger)
{
    public async Task<OwnerStore.Result> ImportAsync(string path, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Oslo).DateTime);
        var records = await OwnerCsvReader.ReadAsync(path, today, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await store.SaveAsync(connection, transaction, records, OwnerSourceKind.Import, covered: null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.OwnersImported(Path.GetFileName(path), result.Rows, result.Owners, result.NewOwners, result.Parcels, result.Suppressed);
        return result;
    }

    internal static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
}
