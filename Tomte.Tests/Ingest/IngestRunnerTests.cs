using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;
using Tomte.Tests.Infrastructure;
using Tomte.Tests.Ingest.Sources;
using Tomte.Tests.SampleData;
using Tomte.Worker.Ingest;

namespace Tomte.Tests.Ingest;

/// <summary>
/// <c>tomte ingest</c> against services on loopback that answer like NAP's OGC API (pygeoapi) and Kartverket's Teig
/// WFS, serving the bundled sample files, which are in those services' exact formats.
/// </summary>
public sealed class IngestRunnerTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();
    private FixtureServer _server = null!;
    private int _rpRequests;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        _server = await FixtureServer.StartAsync(ServeAsync);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        var downloads = Settings()["Tomte:Sources:DownloadDirectory"]!;
        if (Directory.Exists(downloads))
        {
            Directory.Delete(downloads, recursive: true);
        }
        await _database.DisposeAsync();
    }

    private static string Sample(string relative) => Path.Combine(SampleDataTests.CommittedDirectory, relative);

    private async Task ServeAsync(HttpContext context, int number)
    {
        var path = context.Request.Path.Value ?? "";
        if (path.EndsWith("/reguleringsplaner/vn2/collections/rpomrade/queryables", StringComparison.Ordinal))
        {
            await LoopbackSources.RpQueryablesAsync(context);
            return;
        }
        if (path.EndsWith("/reguleringsplaner/vn2/collections/rpomrade/items", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _rpRequests);
            var kommune = context.Request.Query["arealplanId.kommunenummer"].ToString();
            await LoopbackSources.GeoJsonAsync(context, Sample($"{kommune}/rpomrade-{kommune}.geojson"));
            return;
        }
        if (path.EndsWith("/wfs.matrikkelen-eiendomskart-teig", StringComparison.Ordinal) && context.Request.Query["startIndex"] == "0")
        {
            // The sample holds Ås's parcels; a bbox request gets them whatever the box (the loader keeps the kommune's own).
            await LoopbackSources.GmlFileAsync(context, Sample("3218/teig-3218.gml"));
            return;
        }
        await LoopbackSources.NotFoundAsync(context);
    }

    // Every default service on loopback (those this server does not serve answer 404), so no run reaches a real host.
    private Dictionary<string, string?> Settings() =>
        LoopbackSources.Settings(_server.BaseUri, Path.Combine(Path.GetTempPath(), "tomte-ingest-downloads-" + _database.Name));

    private async Task ImportBordersAsync(IHost host) =>
        await TestHost.Get<FileImporter>(host).ImportAsync(Datasets.Find("kommune"), Sample("kommuner.gml"), null, null, null, null, CancellationToken.None);

    [Fact]
    public async Task Ingest_loads_from_the_services_and_a_second_run_is_unchanged()
    {
        using var host = TestHost.Build(_database, Settings());
        await ImportBordersAsync(host);
        var runner = TestHost.Get<IngestRunner>(host);

        var first = await runner.RunAsync(["3218", "3212"], ["rp-planomrade", "teig"], null, null, CancellationToken.None);
        var second = await runner.RunAsync(["3218", "3212"], ["rp-planomrade", "teig"], null, null, CancellationToken.None);

        Assert.Equal(
            ["rp-planomrade 3218 loaded 220", "rp-planomrade 3212 loaded 220", "teig 3218 loaded 250"],
            first.Loads.SelectMany(l => l.Kommuner.Select(k => $"{l.Dataset} {k.Kommunenummer} {LoadVocabulary.Text(k.Outcome)} {k.FeatureCount}")));
        // The WFS answered Nesodden's bbox with Ås's parcels only: that is no data for Nesodden, not an empty kommune.
        var failure = Assert.Single(first.Failures);
        Assert.Equal(("teig", "3212"), (failure.Dataset, failure.Kommunenummer));
        Assert.EndsWith("no teig features for kommune 3212 (250 features read, 250 of other kommuner, 0 of other feature types)", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM ref.teig WHERE kommunenummer = '3212'"));
        Assert.All(second.Loads.SelectMany(l => l.Kommuner), k => Assert.Equal(LoadOutcome.Unchanged, k.Outcome));
        Assert.Equal("ogcapi", await _database.ScalarAsync<string>("SELECT source_kind FROM ingest.load WHERE dataset = 'rp-planomrade' LIMIT 1"));
        Assert.Contains("collections/rpomrade/items", await _database.ScalarAsync<string>("SELECT source FROM ingest.load WHERE dataset = 'rp-planomrade' LIMIT 1"), StringComparison.Ordinal);
        Assert.Equal(4, _rpRequests);
    }

    [Fact]
    public async Task The_scheduled_ingest_job_keeps_what_loaded_and_fails_the_run_when_a_load_failed()
    {
        var settings = Settings();
        settings["Tomte:Ingest:Kommuner:0"] = "3218";
        settings["Tomte:Ingest:Kommuner:1"] = "3212";
        using var host = TestHost.Build(_database, settings, isService: true);
        await ImportBordersAsync(host);
        await host.StartAsync();
        try
        {
            var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            await scheduler.TriggerJob(new JobKey(IngestJob.Name));

            await Eventually.TrueAsync(
                async () => await _database.ScalarAsync<long>($"SELECT count(*) FROM ops.job_run WHERE job_name = '{IngestJob.Name}' AND outcome <> 'running'") == 1,
                "the ingest job finishes");

            Assert.Equal("failed", await _database.ScalarAsync<string>($"SELECT outcome FROM ops.job_run WHERE job_name = '{IngestJob.Name}'"));
            Assert.Contains("loads failed", await _database.ScalarAsync<string>($"SELECT error FROM ops.job_run WHERE job_name = '{IngestJob.Name}'"), StringComparison.Ordinal);
            Assert.Equal(220L, await _database.ScalarAsync<long>("SELECT count(*) FROM plan.rp_planomrade WHERE kommunenummer = '3218'"));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_failing_service_is_reported_with_one_line_and_exit_1_while_the_others_load()
    {
        using (var host = TestHost.Build(_database, Settings()))
        {
            await ImportBordersAsync(host);
        }
        var environment = new Dictionary<string, string?>
        {
            ["Tomte__Database__ConnectionString"] = _database.ConnectionString,
            ["Tomte__Output__Directory"] = Path.Combine(Path.GetTempPath(), "tomte-ingest-" + _database.Name),
        };
        foreach (var (key, value) in Settings())
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var outcome = await TomteProcess.RunAsync(environment, "ingest", "--kommune", "3218", "--dataset", "kp-planomrade", "--dataset", "rp-planomrade");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("rp-planomrade 3218: lastet inn, 220 objekter", outcome.StandardOutput, StringComparison.Ordinal);
        var line = Assert.Single(outcome.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("tomte ingest: ", StringComparison.Ordinal));
        Assert.StartsWith("tomte ingest: 1 av 2 innlastinger feilet (tidligere data er urørt); først kp-planomrade 3218: ", line, StringComparison.Ordinal);
        Assert.Contains("kommuneplaner/collections/kpomrade/items", line, StringComparison.Ordinal);
        Assert.Equal("failed", await _database.ScalarAsync<string>("SELECT outcome FROM ingest.load WHERE dataset = 'kp-planomrade'"));
    }
}
