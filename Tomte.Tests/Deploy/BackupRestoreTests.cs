using System.Diagnostics;
using Npgsql;
using Tomte.Tests.Infrastructure;
using Tomte.Tests.Status;

namespace Tomte.Tests.Deploy;

/// <summary>
/// deploy/backup.sh and deploy/restore.sh run as an operator runs them, against the throwaway PostGIS server:
/// a dump with rotation, restored into a fresh database on which <c>tomte doctor</c> passes.
/// </summary>
public sealed class BackupRestoreTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();
    private readonly string _backups = Path.Combine(Path.GetTempPath(), "tomte-backup-test-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _restored = "tomte_restored_" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        await StatusData.InsertAsync(_database);
        Directory.CreateDirectory(_backups);
    }

    public async Task DisposeAsync()
    {
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgisDatabase.ServerConnectionString) { Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_restored}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        await _database.DisposeAsync();
        Directory.Delete(_backups, recursive: true);
    }

    private sealed record Outcome(int ExitCode, string StandardOutput, string StandardError);

    private async Task<Outcome> RunScriptAsync(string script, IDictionary<string, string> environment, params string[] arguments)
    {
        var server = new NpgsqlConnectionStringBuilder(_database.ConnectionString);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "deploy", script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // The libpq environment names the server, as it would for an operator restoring onto another host.
        start.Environment["PGHOST"] = server.Host;
        start.Environment["PGPORT"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = server.Username;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        return new Outcome(process.ExitCode, await stdout, await stderr);
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_nightly_dump_rotates_old_ones_and_restores_into_a_fresh_database_on_which_doctor_passes()
    {
        // Four dumps from earlier nights, 20 to 23 days old: with the defaults (14 days, keep at least 3) the two oldest go.
        var old = Enumerable.Range(20, 4).Select(days =>
        {
            var path = Path.Combine(_backups, $"{_database.Name}-old{days}.dump");
            File.WriteAllText(path, "old");
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddDays(-days));
            return path;
        }).ToArray();

        var backup = await RunScriptAsync("backup.sh", new Dictionary<string, string>
        {
            ["TOMTE_BACKUP_DIR"] = _backups,
            ["TOMTE_DATABASE"] = _database.Name,
        });

        Assert.True(backup.ExitCode == 0, backup.StandardError);
        var dump = Directory.GetFiles(_backups, $"{_database.Name}-2*.dump").Single();
        Assert.Contains($"backup written: {dump}", backup.StandardOutput, StringComparison.Ordinal);
        Assert.Equal([old[0], old[1]], old.Where(File.Exists));
        Assert.Empty(Directory.GetFiles(_backups, "*.partial"));

        var restore = await RunScriptAsync("restore.sh", new Dictionary<string, string>
        {
            ["TOMTE_BIN"] = $"dotnet {TomteProcess.WorkerDll()}",
            ["Tomte__Database__ConnectionString"] = _database.ConnectionString,
            ["Tomte__Output__Directory"] = Path.Combine(_backups, "out"),
        }, "--database", _restored, dump);

        Assert.True(restore.ExitCode == 0, restore.StandardOutput + restore.StandardError);
        Assert.Contains($"restore: checking: tomte doctor on {_restored}", restore.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Alt i orden.", restore.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"restore: done: {_restored} restored from {Path.GetFileName(dump)}", restore.StandardOutput, StringComparison.Ordinal);
        var restoredConnection = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Database = _restored }.ConnectionString;
        foreach (var table in new[] { "analysis.tomt", "ops.job_run", "ingest.load", "airtable.team_field_history", "outreach.outbox", "public.schema_migrations" })
        {
            Assert.Equal(await CountAsync(_database.ConnectionString, $"SELECT count(*) FROM {table}"), await CountAsync(restoredConnection, $"SELECT count(*) FROM {table}"));
        }
        Assert.Equal(4L, await CountAsync(restoredConnection, "SELECT count(*) FROM analysis.tomt WHERE score > 60 AND endring IN ('ny', 'endret', 'uendret')"));

        // Never over an existing database: one clear line, and the restored one is left as it was.
        var again = await RunScriptAsync("restore.sh", new Dictionary<string, string> { ["TOMTE_BIN"] = "" }, "--database", _restored, dump);
        Assert.Equal(1, again.ExitCode);
        Assert.Equal($"restore: database {_restored} already exists; restore into a fresh one (--database NAME) or use --replace", again.StandardError.Trim());
        Assert.Equal(12L, await CountAsync(restoredConnection, "SELECT count(*) FROM analysis.tomt"));
    }

    [Fact]
    public async Task A_file_that_is_not_a_dump_is_refused_before_anything_is_created()
    {
        var bad = Path.Combine(_backups, "not-a-dump.dump");
        await File.WriteAllTextAsync(bad, "this is not a pg_dump archive");

        var restore = await RunScriptAsync("restore.sh", new Dictionary<string, string> { ["TOMTE_BIN"] = "" }, "--database", _restored, bad);

        Assert.Equal(1, restore.ExitCode);
        Assert.Equal($"restore: {bad} is not a pg_dump custom-format archive (pg_restore --list failed)", restore.StandardError.Trim());
        Assert.Equal(0L, await CountAsync(PostgisDatabase.ServerConnectionString, $"SELECT count(*) FROM pg_database WHERE datname = '{_restored}'"));
    }
}
