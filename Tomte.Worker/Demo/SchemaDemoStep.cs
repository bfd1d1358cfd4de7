using Tomte.Worker.Database;

namespace Tomte.Worker.Demo;

/// <summary>Brings the local database's schema up to date, as <c>tomte migrate</c> does.</summary>
public sealed class SchemaDemoStep(Migrator migrator) : IDemoStep
{
    public string Title => "Oppdaterer databaseskjemaet";

    public async Task<DemoStepResult> RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var migration = await migrator.MigrateAsync(cancellationToken);
        return new DemoStepResult(migration.Applied.Count == 0
            ? $"Databaseskjema: allerede oppdatert ({migration.Total} migreringer)."
            : $"Databaseskjema: {migration.Applied.Count} nye migreringer brukt, {migration.Total} i alt.");
    }
}
