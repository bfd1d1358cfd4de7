using Npgsql;
using Tomte.Worker.Doctor;

namespace Tomte.Worker.Jobs;

/// <summary>A job that failed three times in a row (ops.job_failure_streak) is something an operator must look at.</summary>
[DoctorCheck("Jobber", 90)]
internal sealed class JobFailureCheck(NpgsqlDataSource dataSource) : IDoctorCheck
{
    public const int Threshold = 3;

    public async Task<DoctorResult> RunAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT job_name, failures, last_failed_at, last_error FROM ops.job_failure_streak
            WHERE failures >= $1 ORDER BY job_name
            """;
        var failing = new List<string>();
        try
        {
            await using var command = dataSource.CreateCommand(sql);
            command.Parameters.AddWithValue(Threshold);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var error = reader.IsDBNull(3) ? "" : $": {reader.GetString(3)}";
                failing.Add($"{reader.GetString(0)} har feilet {reader.GetInt32(1)} ganger på rad (sist {reader.GetDateTime(2):yyyy-MM-dd HH:mm} UTC){error}");
            }
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            // The schema check above already says the migrations are pending; no job can have run.
            return DoctorResult.Warning("jobbhistorikken finnes ikke før databasen er migrert (tomte migrate)");
        }
        return failing.Count == 0
            ? DoctorResult.Ok($"ingen jobb har feilet {Threshold} ganger på rad")
            : DoctorResult.Warning(string.Join("; ", failing) + " (se journalctl -u tomte, hendelse 2002)");
    }
}
