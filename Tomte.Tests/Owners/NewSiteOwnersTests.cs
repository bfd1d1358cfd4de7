using Microsoft.Extensions.DependencyInjection;
using Tomte.Tests.Analysis;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Owners;

namespace Tomte.Tests.Owners;

/// <summary>
/// The owners job's lookup (<see cref="OwnerLookup.RunForNewQualifiedSitesAsync"/>) against the loopback Matrikkel
/// server: only qualified sites that are new, whose land changed, or that have no parcels yet are asked for; a second run
/// right after the first makes no request.
/// </summary>
public sealed class NewSiteOwnersTests : IAsyncLifetime
{
    private readonly OwnersScenario _scenario = new();

    public Task InitializeAsync() => _scenario.InitializeAsync();

    public Task DisposeAsync() => _scenario.DisposeAsync();

    private const double MinScore = 60;

    [Fact]
    public async Task Only_new_or_changed_qualified_sites_are_looked_up_and_a_second_run_asks_nothing()
    {
        // A and B qualified with parcels, C below the score, D qualified on land without teiger yet.
        await _scenario.SitesAsync(
            AnalysisScenario.Rect(0, 0, 300, 100), AnalysisScenario.Rect(1_000, 0, 1_300, 100),
            AnalysisScenario.Rect(2_000, 0, 2_300, 100), AnalysisScenario.Rect(3_000, 0, 3_300, 100));
        var sites = (await _scenario.Analysis.SitesAsync()).Select(s => s.TomteId).ToList();
        Assert.Equal(4, sites.Count);
        var (a, b, c, d) = (sites[0], sites[1], sites[2], sites[3]);
        await ScoreAsync((a, 80), (b, 65), (c, 40), (d, 90));
        await _scenario.TeigerAsync("3218",
            new OwnersScenario.Teig("12/34", AnalysisScenario.Rect(0, 0, 100, 100)),
            new OwnersScenario.Teig("12/35", AnalysisScenario.Rect(100, 0, 200, 100)),
            new OwnersScenario.Teig("12/36/1", AnalysisScenario.Rect(200, 0, 300, 100)),
            new OwnersScenario.Teig("12/34", AnalysisScenario.Rect(1_000, 0, 1_400, 100)),
            new OwnersScenario.Teig("12/35", AnalysisScenario.Rect(2_000, 0, 2_300, 100)));

        await using var server = await MatrikkelServer.StartAsync();
        using var host = TestHost.Build(_scenario.Analysis.Database, server.Settings(), s => s.AddSingleton<TimeProvider>(_scenario.Analysis.Time));
        var lookup = TestHost.Get<OwnerLookup>(host);

        // First run: A, B and D; C is below the score. Three parcels in one batch of each of the four calls.
        var first = await lookup.RunForNewQualifiedSitesAsync(MinScore, CancellationToken.None);
        Assert.NotNull(first);
        Assert.Equal((3, 2, 3), (first.Parcels.Sites, first.Parcels.SitesWithParcels, first.Asked));
        Assert.Equal(4, server.Calls.Count);
        Assert.Equal(4, first.Requests);
        Assert.Equal([a, b, d], await LookedUpAsync());
        Assert.Equal(0, await _scenario.Analysis.Database.ScalarAsync<long>($"SELECT count(*) FROM owners.tomt_eiendom WHERE tomte_id = '{c}'"));
        var firstLookupAt = await LookupTimesAsync();

        // Right after: nothing new. D (no parcels under it) is overlaid again, which costs the register nothing.
        _scenario.Analysis.Time.Advance(TimeSpan.FromMinutes(5));
        var second = await lookup.RunForNewQualifiedSitesAsync(MinScore, CancellationToken.None);
        Assert.NotNull(second);
        Assert.Equal((1, 0, 0, 0), (second.Parcels.Sites, second.Parcels.SitesWithParcels, second.Asked, second.Requests));
        Assert.Equal(4, server.Calls.Count);

        // B's land grows (endret) and D's teig arrives: only those two are asked for; A keeps its lookup.
        await _scenario.Analysis.LoadKommuneplanAsync(new[]
        {
            AnalysisScenario.Rect(0, 0, 300, 100), AnalysisScenario.Rect(1_000, 0, 1_350, 100),
            AnalysisScenario.Rect(2_000, 0, 2_300, 100), AnalysisScenario.Rect(3_000, 0, 3_300, 100),
        }.Select((w, i) => new AnalysisScenario.Kp($"kp-{i}", w)));
        Assert.Empty((await _scenario.Analysis.AnalyzeAsync()).Failures);
        Assert.Equal(["uendret", "endret", "uendret", "uendret"], (await _scenario.Analysis.SitesAsync()).Select(s => s.Endring));
        await _scenario.TeigerAsync("3218",
            new OwnersScenario.Teig("12/34", AnalysisScenario.Rect(0, 0, 100, 100)),
            new OwnersScenario.Teig("12/35", AnalysisScenario.Rect(100, 0, 200, 100)),
            new OwnersScenario.Teig("12/36/1", AnalysisScenario.Rect(200, 0, 300, 100)),
            new OwnersScenario.Teig("12/34", AnalysisScenario.Rect(1_000, 0, 1_400, 100)),
            new OwnersScenario.Teig("12/35", AnalysisScenario.Rect(2_000, 0, 2_300, 100)),
            new OwnersScenario.Teig("12/36/1", AnalysisScenario.Rect(3_000, 0, 3_300, 100)));
        var third = await lookup.RunForNewQualifiedSitesAsync(MinScore, CancellationToken.None);
        Assert.NotNull(third);
        Assert.Equal((2, 2, 2), (third.Parcels.Sites, third.Parcels.SitesWithParcels, third.Asked));
        Assert.Equal(8, server.Calls.Count);
        Assert.Equal(2, server.Calls.Skip(4).First().Items);
        var thirdLookupAt = await LookupTimesAsync();
        Assert.Equal(firstLookupAt[a], thirdLookupAt[a]);
        Assert.NotEqual(firstLookupAt[b], thirdLookupAt[b]);
        Assert.NotEqual(firstLookupAt[d], thirdLookupAt[d]);
        Assert.Equal(3, await _scenario.Analysis.Database.ScalarAsync<long>(
            $"SELECT count(DISTINCT te.tomte_id) FROM owners.tomt_eiendom te JOIN owners.eierskap e USING (matrikkelnummer) WHERE te.tomte_id IN ('{a}', '{b}', '{d}')"));

        // And once more: nothing is due, so the job has nothing to do.
        Assert.Null(await lookup.RunForNewQualifiedSitesAsync(MinScore, CancellationToken.None));
        Assert.Equal(8, server.Calls.Count);
    }

    private async Task ScoreAsync(params (string TomteId, int Score)[] scores)
    {
        foreach (var (id, score) in scores)
        {
            await _scenario.Analysis.Database.ScalarAsync<int>($"UPDATE analysis.tomt SET score = {score} WHERE tomte_id = '{id}' RETURNING 1");
        }
    }

    private async Task<IReadOnlyList<string>> LookedUpAsync() => (await LookupTimesAsync()).Keys.Order(StringComparer.Ordinal).ToList();

    private async Task<Dictionary<string, DateTimeOffset>> LookupTimesAsync()
    {
        var times = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await using var command = _scenario.Analysis.Database.DataSource.CreateCommand("SELECT tomte_id, oppslag_at FROM owners.tomt_oppslag");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            times[reader.GetString(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        }
        return times;
    }
}
