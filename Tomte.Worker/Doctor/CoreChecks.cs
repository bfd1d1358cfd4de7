using Microsoft.Extensions.Options;
using Npgsql;
using Tomte.Worker.Database;
using Tomte.Worker.Hosting;

namespace Tomte.Worker.Doctor;

[DoctorCheck("Konfigurasjon", 0)]
internal sealed class ConfigurationCheck(IStartupValidator validator) : IDoctorCheck
{
    public bool Blocking => true;

    public Task<DoctorResult> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            validator.Validate();
            return Task.FromResult(DoctorResult.Ok("alle Tomte:*-innstillinger er gyldige"));
        }
        catch (OptionsValidationException ex)
        {
            return Task.FromResult(DoctorResult.Failed(string.Join(" ", ex.Failures), FirstKey(ex.Failures)));
        }
        catch (AggregateException ex)
        {
            var failures = ex.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures).ToArray();
            return Task.FromResult(DoctorResult.Failed(string.Join(" ", failures), FirstKey(failures)));
        }
    }

    private static string? FirstKey(IEnumerable<string> failures) =>
        failures.Select(f => f.Split(' ', 2)[0]).FirstOrDefault(k => k.StartsWith("Tomte:", StringComparison.Ordinal));
}

[DoctorCheck("Database", 10)]
internal sealed class DatabaseCheck(NpgsqlDataSource dataSource, IOptions<DatabaseOptions> options) : IDoctorCheck
{
    public bool Blocking => true;

    public async Task<DoctorResult> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT current_database(), current_setting('server_version')", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return DoctorResult.Ok($"PostgreSQL {reader.GetString(1)}, database {reader.GetString(0)}");
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return DoctorResult.Failed(
                $"cannot connect with {DatabaseOptions.ConnectionStringKey} '{options.Value.Redacted}': {ex.Message}",
                DatabaseOptions.ConnectionStringKey);
        }
    }
}

[DoctorCheck("PostGIS", 20)]
internal sealed class PostGisCheck(NpgsqlDataSource dataSource) : IDoctorCheck
{
    private static readonly Version Minimum = new(3, 1);


    public async Task<DoctorResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT extversion FROM pg_extension WHERE extname = 'postgis'");
        var installed = await command.ExecuteScalarAsync(cancellationToken) as string;
        if (installed is null)
        {
            await using var available = dataSource.CreateCommand("SELECT default_version FROM pg_available_extensions WHERE name = 'postgis'");
            var version = await available.ExecuteScalarAsync(cancellationToken) as string;
            return version is null
                ? DoctorResult.Failed("PostGIS is not installed on the server: apt-get install postgresql-<major>-postgis-3", DatabaseOptions.ConnectionStringKey)
                : DoctorResult.Warning($"PostGIS {version} is available but not enabled in this database; 'tomte migrate' enables it (needs a role that may CREATE EXTENSION)");
        }
        var parsed = Version.TryParse(installed.Split(' ')[0], out var v) ? v : new Version(0, 0);
        return parsed >= Minimum
            ? DoctorResult.Ok($"PostGIS {installed}")
            : DoctorResult.Failed($"PostGIS {installed} is older than {Minimum}: upgrade postgresql-<major>-postgis-3");
    }
}

[DoctorCheck("Databaseskjema", 30)]
internal sealed class MigrationsCheck(Migrator migrator) : IDoctorCheck
{

    public Task<DoctorResult> RunAsync(CancellationToken cancellationToken)
    {
        var pending = migrator.Pending();
        return Task.FromResult(pending.Count == 0
            ? DoctorResult.Ok($"oppdatert ({Migrator.AllScripts.Count} migreringer)")
            : DoctorResult.Warning($"{pending.Count} migreringer venter ({string.Join(", ", pending)}): kjør 'tomte migrate' (tjenesten gjør det selv ved oppstart)"));
    }
}

[DoctorCheck("Utdatamappe", 5)]
internal sealed class OutputFolderCheck(IOptions<OutputOptions> options) : IDoctorCheck
{

    public async Task<DoctorResult> RunAsync(CancellationToken cancellationToken)
    {
        var directory = options.Value.ResolvedDirectory;
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".doctor-{Environment.ProcessId}.tmp");
            await File.WriteAllTextAsync(probe, "ok", cancellationToken);
            File.Delete(probe);
            return DoctorResult.Ok($"{directory} er skrivbar");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return DoctorResult.Failed($"{OutputOptions.Section}:Directory '{directory}' is not writable: {ex.Message}", $"{OutputOptions.Section}:Directory");
        }
    }
}
