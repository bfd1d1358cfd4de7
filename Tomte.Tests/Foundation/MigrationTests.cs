using Tomte.Tests.Infrastructure;
using Tomte.Worker.Database;

namespace Tomte.Tests.Foundation;

public sealed class MigrationTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();
    public Task DisposeAsync() => _database.DisposeAsync();

    private const string SchemaFingerprintSql = """
        SELECT md5(string_agg(format('%s.%s.%s:%s:%s', table_schema, table_name, column_name, data_type, is_nullable), ',' ORDER BY table_schema, table_name, column_name))
        FROM information_schema.columns
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
        """;

    [Fact]
    public async Task Migrations_apply_on_an_empty_database_and_a_second_run_changes_nothing()
    {
        var first = await _database.MigrateAsync();

        Assert.Equal(Migrator.AllScripts, first.Applied);
        Assert.True(first.Total >= 2);
        var fingerprint = await _database.ScalarAsync<string>(SchemaFingerprintSql);
        var journalRows = await _database.ScalarAsync<long>("SELECT count(*) FROM public.schema_migrations");
        Assert.Equal(first.Total, journalRows);

        var second = await _database.MigrateAsync();

        Assert.Empty(second.Applied);
        Assert.Equal(fingerprint, await _database.ScalarAsync<string>(SchemaFingerprintSql));
        Assert.Equal(journalRows, await _database.ScalarAsync<long>("SELECT count(*) FROM public.schema_migrations"));
    }

    [Fact]
    public async Task Migrations_create_the_core_schemas_and_tables()
    {
        await _database.MigrateAsync();

        foreach (var table in new[]
                 {
                     "ingest.load", "plan.kp_arealformal", "plan.kp_planomrade", "plan.rp_planomrade", "plan.hensynssone",
                     "ref.teig", "ref.kommune", "ref.constraint_area", "ref.stop_place", "analysis.tomt", "analysis.score_component",
                     "owners.eiendom", "owners.grunneier", "airtable.record_map", "outreach.outbox", "outreach.suppression", "ops.job_run",
                 })
        {
            Assert.True(await _database.ScalarAsync<bool>($"SELECT to_regclass('{table}') IS NOT NULL"), $"{table} is missing");
        }
        Assert.Equal(25833, await _database.ScalarAsync<int>("SELECT srid FROM geometry_columns WHERE f_table_schema = 'plan' AND f_table_name = 'kp_arealformal'"));
    }

    [Fact]
    public async Task Concurrent_migrations_apply_each_script_once()
    {
        var results = await Task.WhenAll(_database.MigrateAsync(), _database.MigrateAsync(), _database.MigrateAsync());

        Assert.Equal(Migrator.AllScripts.Count, results.Sum(r => r.Applied.Count));
        Assert.Equal(Migrator.AllScripts.Count, await _database.ScalarAsync<long>("SELECT count(*) FROM public.schema_migrations"));
    }
}
