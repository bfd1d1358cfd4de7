using Microsoft.Extensions.Hosting;
using Tomte.Tests.Analysis.Scoring;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Analysis.Maps;

namespace Tomte.Tests.Analysis.Maps;

/// <summary>Which sites get a map with the default settings: those scoring at least Tomte:Maps:MinScore and those already in Airtable.</summary>
public sealed class MapSelectionTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        await ScoringTestSites.InsertSiteAsync(_database, "3218-0001", 260_000, 6_620_000, 150);
        await ScoringTestSites.InsertSiteAsync(_database, "3218-0002", 261_000, 6_620_000, 150);
        await ScoringTestSites.InsertSiteAsync(_database, "3218-0003", 262_000, 6_620_000, 150);
        await ScoringTestSites.InsertSiteAsync(_database, "3218-0004", 263_000, 6_620_000, 150);
        await ScoringTestSites.ExecuteAsync(_database, """
            UPDATE analysis.tomt SET score = CASE tomte_id WHEN '3218-0001' THEN 60 WHEN '3218-0002' THEN 59.9 WHEN '3218-0003' THEN 12 END;
            INSERT INTO airtable.record_map (table_name, record_key, record_id, synced_at) VALUES ('Tomter', '3218-0003', 'recSYNCEDSITE0003', now());
            """);
        _host = TestHost.Build(_database);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Only_sites_at_or_above_the_minimum_score_or_already_in_airtable_get_a_map()
    {
        var outcome = await TestHost.Get<MapRunner>(_host).RunAsync([], null, CancellationToken.None);

        Assert.Equal(2, outcome.Rendered);
        Assert.Equal("3218-0001,3218-0003", await _database.ScalarAsync<string>("SELECT string_agg(tomte_id, ',' ORDER BY tomte_id) FROM analysis.tomt_kart"));
    }
}
