using System.Reflection;
using DbUp;
using DbUp.Engine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Tomte.Worker.Database;

/// <summary>
/// Applies the versioned SQL files in Database/Migrations (embedded), each in its own transaction,
/// recording them in public.schema_migrations. An advisory lock keeps two workers from migrating at once.
/// </summary>
public sealed class Migrator(NpgsqlDataSource dataSource, IOptions<DatabaseOptions> options, ILogger<Migrator> logger)
{
    private const long MigrationLockKey = 0x746F6D7465; // "tomte"
    private const string ResourcePrefix = "Tomte.Worker.Database.Migrations.";

    public sealed record Result(IReadOnlyList<string> Applied, int Total);

    public static IReadOnlyList<string> AllScripts { get; } = typeof(Migrator).Assembly
        .GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..])
        .Order(StringComparer.Ordinal)
        .ToArray();

    public async Task<Result> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        logger.WaitingForMigrationLock();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock($1)", lockConnection))
        {
            take.Parameters.AddWithValue(MigrationLockKey);
            await take.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            return await Task.Run(Upgrade, cancellationToken);
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", lockConnection);
            release.Parameters.AddWithValue(MigrationLockKey);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>Scripts that are embedded but not yet recorded as applied.</summary>
    public IReadOnlyList<string> Pending() =>
        BuildEngine().GetScriptsToExecute().Select(s => ShortName(s.Name)).ToArray();

    private Result Upgrade()
    {
        var engine = BuildEngine();
        var pending = engine.GetScriptsToExecute();
        foreach (var script in pending)
        {
            logger.ApplyingMigration(ShortName(script.Name));
        }
        var result = engine.PerformUpgrade();
        if (!result.Successful)
        {
            var failed = result.ErrorScript is null ? "(unknown script)" : ShortName(result.ErrorScript.Name);
            logger.MigrationFailed(failed, result.Error);
            throw new InvalidOperationException($"Migration {failed} failed and was rolled back: {result.Error.Message}", result.Error);
        }
        var applied = result.Scripts.Select(s => ShortName(s.Name)).ToArray();
        logger.SchemaUpToDate(applied.Length, AllScripts.Count);
        return new Result(applied, AllScripts.Count);
    }

    private UpgradeEngine BuildEngine() =>
        DeployChanges.To
            .PostgresqlDatabase(options.Value.ConnectionString)
            .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .WithVariablesDisabled()
            .JournalToPostgresqlTable("public", "schema_migrations")
            .WithExecutionTimeout(TimeSpan.FromSeconds(options.Value.CommandTimeoutSeconds))
            .LogToNowhere()
            .Build();

    private static string ShortName(string resourceName) =>
        resourceName.StartsWith(ResourcePrefix, StringComparison.Ordinal) ? resourceName[ResourcePrefix.Length..] : resourceName;
}
