using Microsoft.Extensions.Logging;
using Npgsql;
using Tomte.Worker.Owners.Import;

namespace Tomte.Worker.Owners.Privacy;

/// <summary>
/// <c>tomte suppression import --file F [--vaskedato D]</c>: a Reservasjonsregisteret wash result or a file of
/// opt-outs, in one transaction or not at all.
/// </summary>
public sealed class SuppressionImporter(NpgsqlDataSource dataSource, WashStore washes, ContactPermissions permissions, TimeProvider time,
    ILogger<SuppressionImporter> logger)
{
    /// <param name="Added">Opt-out rows added (what was already recorded is not counted).</param>
    public sealed record Result(SuppressionFileKind Kind, int Rows, int Reserved, int Added, DateOnly? Vaskedato);

    public async Task<Result> ImportAsync(string path, DateOnly? vaskedato, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), OwnerImporter.Oslo).DateTime);
        var file = await SuppressionCsvReader.ReadAsync(path, vaskedato, today, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Result result;
        if (file.Kind == SuppressionFileKind.Vask)
        {
            var saved = await washes.SaveAsync(connection, transaction, file.FileName, file.Washes, cancellationToken);
            result = new Result(file.Kind, saved.Owners, saved.Reserved, 0, saved.Vaskedato);
        }
        else
        {
            await RequireKnownOwnersAsync(connection, transaction, file, cancellationToken);
            var added = 0;
            foreach (var row in file.OptOuts)
            {
                added += await permissions.AddOptOutAsync(connection, transaction, row.OptOut, cancellationToken);
            }
            result = new Result(file.Kind, file.OptOuts.Count, 0, added, null);
        }
        await transaction.CommitAsync(cancellationToken);
        if (result.Kind == SuppressionFileKind.Vask)
        {
            logger.WashImported(file.FileName, result.Rows, result.Reserved, result.Vaskedato!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            logger.OptOutsImported(file.FileName, result.Rows, result.Added);
        }
        return result;
    }

    // An opt-out for an owner id Tomte does not hold is almost surely a typo; refuse it rather than block nobody.
    private static async Task RequireKnownOwnersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SuppressionFile file, CancellationToken cancellationToken)
    {
        var withOwner = file.OptOuts.Where(o => o.OptOut.EierId is not null).ToList();
        if (withOwner.Count == 0)
        {
            return;
        }
        var known = new HashSet<string>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("SELECT eier_id FROM owners.grunneier WHERE eier_id = ANY (@ids)", connection, transaction))
        {
            command.Parameters.AddWithValue("ids", withOwner.Select(o => o.OptOut.EierId!).Distinct().ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                known.Add(reader.GetString(0));
            }
        }
        var errors = withOwner.Where(o => !known.Contains(o.OptOut.EierId!))
            .Select(o => $"rad {o.Row}, kolonne eier_id: ingen grunneier med Eier-ID '{o.OptOut.EierId}'")
            .ToList();
        if (errors.Count > 0)
        {
            throw SuppressionImportException.ForRows(file.FileName, errors);
        }
    }
}
