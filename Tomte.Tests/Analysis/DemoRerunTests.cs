using Tomte.Worker.Analysis;
using Tomte.Worker.Demo;

namespace Tomte.Tests.Analysis;

/// <summary>
/// `tomte demo` run a second time on the same database: the next month's data stays (loading month one over it would
/// turn the changes back and muddle the lifecycle), nothing is recomputed, and the sites and their endring are as the
/// first run left them.
/// </summary>
public sealed class DemoRerunTests : IAsyncLifetime
{
    private readonly AnalysisScenario _scenario = new();
    private readonly string _output = Path.Combine(Path.GetTempPath(), "tomte-demo-rerun-" + Guid.NewGuid().ToString("N")[..8]);

    public Task InitializeAsync() => _scenario.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _scenario.DisposeAsync();
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    private async Task<(string Load, string Analysis)> RunAsync()
    {
        var steps = _scenario.Get<IEnumerable<IDemoStep>>().ToArray();
        var context = new DemoContext(_output, new Progress<DemoCount>());
        var load = await steps.OfType<SampleDataDemoStep>().Single().RunAsync(context, CancellationToken.None);
        var analysis = await steps.OfType<AnalysisDemoStep>().Single().RunAsync(context, CancellationToken.None);
        return (load.Summary, analysis.Summary);
    }

    private Task<string?> SitesAsync() => _scenario.Database.ScalarAsync<string>(
        "SELECT string_agg(tomte_id || ' ' || endring || ' ' || areal_daa, ', ' ORDER BY tomte_id) FROM analysis.tomt");

    [Fact]
    public async Task A_second_demo_run_keeps_the_next_month_data_and_shows_the_same_sites()
    {
        var (_, firstAnalysis) = await RunAsync();
        var sites = await SitesAsync();
        Assert.Contains("regulert", sites);
        Assert.Contains("borte", sites);
        Assert.Contains("endret", firstAnalysis);

        var (load, analysis) = await RunAsync();

        Assert.Contains("Neste måneds data fra en tidligere demokjøring er beholdt for 12 datasett/kommuner", load);
        Assert.Equal("Tomter: uendret siden forrige analyse i 3 kommuner; etter neste måneds data (0 datasett/kommuner lastet inn): uendret siden forrige analyse i 3 kommuner.", analysis);
        Assert.Equal(sites, await SitesAsync());
    }
}
