using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using Tomte.Worker.Doctor;

namespace Tomte.Worker.Owners.Privacy;

/// <summary>
/// Warns when post to persons is waiting for a Reservasjonsregisteret wash: persons with post planned in the outbox
/// whose newest wash is missing or older than <see cref="PrivacyOptions.WashMaxAgeDays"/>.
/// </summary>
[DoctorCheck("Reservasjonsregisteret", 70)]
internal sealed class WashDoctorCheck(NpgsqlDataSource dataSource, IOptions<OwnersOptions> options, TimeProvider time) : IDoctorCheck
{
    private const string Sql = """
        WITH person AS (
            SELECT g.eier_id, (SELECT max(v.vaskedato) FROM owners.vask_eier v WHERE v.eier_id = g.eier_id) AS vasket,
                   EXISTS (SELECT 1 FROM outreach.outbox o WHERE o.eier_id = g.eier_id AND o.channel = 'post' AND o.status IN ('pending', 'sending')) AS venter_brev
            FROM owners.grunneier g
            WHERE g.type = 'person'
        )
        SELECT (SELECT max(vaskedato) FROM owners.vask),
               count(*)::integer,
               count(*) FILTER (WHERE venter_brev AND (vasket IS NULL OR vasket < @fresh_from))::integer
        FROM person
        """;

    public async Task<DoctorResult> RunAsync(CancellationToken cancellationToken)
    {
        var maxAge = options.Value.Privacy.WashMaxAgeDays;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Import.OwnerImporter.Oslo).DateTime);
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.AddWithValue("fresh_from", today.AddDays(-maxAge));
        NpgsqlDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedFunction)
        {
            // Migrations pending: the schema line already says so; this check has nothing to read yet.
            return DoctorResult.Warning("ikke sjekket: tabellene for vask mangler til migreringene er kjørt (tomte migrate)");
        }
        await using var _ = reader;
        await reader.ReadAsync(cancellationToken);
        DateOnly? latest = reader.IsDBNull(0) ? null : reader.GetFieldValue<DateOnly>(0);
        var persons = reader.GetInt32(1);
        var waiting = reader.GetInt32(2);
        var latestText = latest is { } d ? string.Create(CultureInfo.InvariantCulture, $"siste vask {d:yyyy-MM-dd} ({today.DayNumber - d.DayNumber} dager siden)") : "ingen vask ennå";
        if (waiting > 0)
        {
            return DoctorResult.Warning(
                $"{waiting} personer har brev planlagt, men ingen vask mot Reservasjonsregisteret fra de siste {maxAge} dagene ({latestText}); " +
                "brevene venter: kjør «tomte suppression export --out vask.csv», send filen til vask og les svaret inn med «tomte suppression import»",
                $"{OwnersOptions.Section}:Privacy:WashMaxAgeDays");
        }
        return DoctorResult.Ok(persons == 0 ? $"ingen personer blant grunneierne ({latestText})" : $"{persons} personer blant grunneierne, ingen brev venter på vask ({latestText})");
    }
}
