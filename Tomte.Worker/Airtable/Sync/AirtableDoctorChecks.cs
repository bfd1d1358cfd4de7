using System.Net;
using Microsoft.Extensions.Options;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Doctor;

namespace Tomte.Worker.Airtable.Sync;

/// <summary>Token accepted and base reachable: one schema read answers both.</summary>
[DoctorCheck("Airtable", 60)]
internal sealed class AirtableAccessCheck(AirtableClient client, IOptions<AirtableOptions> options) : IDoctorCheck
{
    public async Task<DoctorResult> RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.IsConfigured)
        {
            return DoctorResult.Warning(
                $"Airtable ikke konfigurert (demo skriver CSV); sett {AirtableOptions.Section}:BaseId og miljøvariabelen Tomte__Airtable__Token for å synkronisere",
                $"{AirtableOptions.Section}:Token");
        }
        try
        {
            var schema = await client.GetBaseSchemaAsync(cancellationToken);
            return DoctorResult.Ok($"base {options.Value.BaseId} nås med tokenet ({schema.Tables.Count} tabeller)");
        }
        catch (AirtableException ex) when (ex.Status is HttpStatusCode.Unauthorized)
        {
            return DoctorResult.Failed($"{AirtableOptions.Section}:Token ble avvist av Airtable ({ex.ErrorType}); lag et nytt personlig tilgangstoken", $"{AirtableOptions.Section}:Token");
        }
        catch (AirtableException ex) when (ex.Status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            return DoctorResult.Failed(
                $"{AirtableOptions.Section}:BaseId '{options.Value.BaseId}' finnes ikke eller tokenet mangler tilgang til den ({ex.ErrorType}); tokenet trenger data.records:read/write og schema.bases:read/write for basen",
                $"{AirtableOptions.Section}:BaseId");
        }
        catch (AirtableException ex)
        {
            return DoctorResult.Failed($"Airtable på {options.Value.ApiUrl} svarer ikke som ventet: {ex.Message}", $"{AirtableOptions.Section}:ApiUrl");
        }
    }
}

/// <summary>Every table and field the sync needs exists with the expected type.</summary>
[DoctorCheck("Airtable-skjema", 61)]
internal sealed class AirtableSchemaCheck(AirtableClient client, IOptions<AirtableOptions> options) : IDoctorCheck
{
    public async Task<DoctorResult> RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.IsConfigured)
        {
            return DoctorResult.Warning("ikke sjekket: Airtable ikke konfigurert (demo skriver CSV)");
        }
        AirtableBaseSchema schema;
        try
        {
            schema = await client.GetBaseSchemaAsync(cancellationToken);
        }
        catch (AirtableException ex)
        {
            return DoctorResult.Failed($"ikke sjekket: {ex.Message}");
        }
        var comparison = SchemaComparison.Compare(schema);
        var missing = comparison.MissingTables.Select(t => t.Name)
            .Concat(comparison.MissingFields.Select(m => $"{m.Table.Name}.{m.Field.Name}"))
            .ToArray();
        if (missing.Length > 0)
        {
            return DoctorResult.Failed($"mangler {string.Join(", ", missing.Take(8))}{(missing.Length > 8 ? $" og {missing.Length - 8} til" : "")}: kjør 'tomte airtable setup'");
        }
        return comparison.Drift.Count == 0
            ? DoctorResult.Ok($"alle {TomteSchema.Tables.Count} tabeller og feltene Tomte trenger finnes")
            : DoctorResult.Warning($"avvik: {string.Join("; ", comparison.Drift)}");
    }
}

/// <summary>The records Tomte keeps in the base against the plan's record limit, with a warning before it is reached.</summary>
[DoctorCheck("Airtable-poster", 62)]
internal sealed class AirtableRecordLimitCheck(Npgsql.NpgsqlDataSource dataSource, IOptions<AirtableSyncOptions> options) : IDoctorCheck
{
    private static readonly System.Globalization.CultureInfo Norwegian = System.Globalization.CultureInfo.GetCultureInfo("nb-NO");

    public async Task<DoctorResult> RunAsync(CancellationToken cancellationToken)
    {
        long synced;
        try
        {
            await using var command = dataSource.CreateCommand("SELECT count(*) FROM airtable.record_map WHERE discarded_at IS NULL");
            synced = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.UndefinedTable)
        {
            return DoctorResult.Warning("ikke sjekket: databaseskjemaet er ikke migrert ennå (tomte migrate)");
        }
        catch (Npgsql.NpgsqlException ex)
        {
            // The database check above already fails for this; counting records is secondary.
            return DoctorResult.Warning($"ikke sjekket: databasen svarte ikke ({ex.Message})");
        }
        var settings = options.Value;
        var limit = settings.BaseRecordLimit;
        var share = (double)synced / limit;
        var text = string.Format(Norwegian, "{0:N0} av {1:N0} poster i basen ({2:P0})", synced, limit, share);
        if (share >= settings.RecordLimitWarningShare)
        {
            return DoctorResult.Warning(
                string.Format(Norwegian, "{0}: nær grensen; hev {1}:MinScore (nå {2}) for å sende færre tomter, eller oppgrader Airtable-planen og sett {1}:BaseRecordLimit",
                    text, AirtableSyncOptions.Section, settings.MinScore),
                $"{AirtableSyncOptions.Section}:MinScore");
        }
        return DoctorResult.Ok(text);
    }
}
