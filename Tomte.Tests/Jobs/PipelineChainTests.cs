using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Tomte.Tests.Infrastructure;
using Tomte.Tests.Ingest.Sources;
using Tomte.Tests.Owners;
using Tomte.Tests.SampleData;
using Tomte.Worker.Analysis;
using Tomte.Worker.Ingest;
using Tomte.Worker.Ingest.Sources;
using Tomte.Worker.Owners;

namespace Tomte.Tests.Jobs;

/// <summary>
/// The nightly pipeline under the real scheduler (the service host with the clustered store): the ingest job loads Ås's
/// kommuneplan, reguleringsplaner and teiger from loopback services in NAP's and Kartverket's formats; when it fails the
/// chain stops, when it succeeds the analysis job follows, and after it the owners job asks the loopback Matrikkel.
/// </summary>
public sealed class PipelineChainTests : IAsyncLifetime
{
    private static readonly string[] Chained = [IngestJob.Name, AnalysisJob.Name, OwnersJob.Name];

    private readonly PostgisDatabase _database = new();
    private FixtureServer _services = null!;
    private volatile bool _reguleringsplanerDown;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        _services = await FixtureServer.StartAsync(ServeAsync);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
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
            if (_reguleringsplanerDown)
            {
                context.Response.StatusCode = 503;
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body><h1>503 Service Unavailable</h1></body></html>");
                return;
            }
            await LoopbackSources.GeoJsonAsync(context, Sample("3218/rpomrade-3218.geojson"));
            return;
        }
        // One page each (the server ignores the bbox; the loader keeps the kommune's own features).
        if (path.EndsWith("/wfs.kommuneplan", StringComparison.Ordinal) && context.Request.Query["startIndex"] == "0")
        {
            context.Response.ContentType = "application/gml+xml; version=3.2";
            await context.Response.WriteAsync(OnlyType(Sample("3218/kommuneplan-3218.gml"), context.Request.Query["typeNames"].ToString()));
            return;
        }
        if (path.EndsWith("/wfs.matrikkelen-eiendomskart-teig", StringComparison.Ordinal) && context.Request.Query["startIndex"] == "0")
        {
            await LoopbackSources.GmlFileAsync(context, Sample("3218/teig-3218.gml"));
            return;
        }
        await LoopbackSources.NotFoundAsync(context);
    }

    /// <summary>As a WFS answers GetFeature for one type: the file's members of that type only.</summary>
    private static string OnlyType(string file, string typeName)
    {
        var document = XDocument.Load(file);
        var localName = typeName[(typeName.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var members = document.Root!.Elements().Where(e => e.Name.LocalName == "member").ToList();
        var others = members.Where(m => m.Elements().Single().Name.LocalName != localName).ToList();
        others.ForEach(m => m.Remove());
        document.Root.SetAttributeValue("numberReturned", members.Count - others.Count);
        return document.ToString(SaveOptions.DisableFormatting);
    }

    private Dictionary<string, string?> Settings(MatrikkelServer matrikkel)
    {
        var settings = LoopbackSources.Settings(_services.BaseUri, Path.Combine(Path.GetTempPath(), "tomte-chain-downloads-" + _database.Name));
        foreach (var (key, value) in matrikkel.Settings())
        {
            settings[key] = value;
        }
        settings["Tomte:Ingest:Kommuner:0"] = "3218";
        // The nightly ingest of four datasets; the others are switched off (their services are not on this server).
        foreach (var dataset in DefaultServices.Datasets().Keys.Except(["kp-planomrade", "kp-arealformal", "rp-planomrade", "teig"]))
        {
            settings[$"Tomte:Ingest:Datasets:{dataset}:Enabled"] = "false";
        }
        foreach (var (dataset, type) in new[] { ("kp-planomrade", "app:KpOmråde"), ("kp-arealformal", "app:KpArealformålOmråde") })
        {
            settings[$"Tomte:Ingest:Datasets:{dataset}:Kind"] = "wfs";
            settings[$"Tomte:Ingest:Datasets:{dataset}:Endpoint"] = "Kommuneplan";
            settings[$"Tomte:Ingest:Datasets:{dataset}:TypeName"] = type;
            settings[$"Tomte:Ingest:Datasets:{dataset}:KommuneFilter"] = "bbox";
        }
        settings["Tomte:Sources:Endpoints:Kommuneplan:BaseUrl"] = new Uri(_services.BaseUri, "skwms1/wfs.kommuneplan").AbsoluteUri;
        // Every site qualifies, so the owners job has work; no cron fires during the test but the triggered ingest.
        settings["Tomte:Airtable:Sync:MinScore"] = "0";
        foreach (var job in new[] { "ingest", "prune-job-history", "owner-retention", "outreach", "systemstatus" })
        {
            settings[$"Tomte:Jobs:Schedules:{job}"] = "";
        }
        return settings;
    }

    [Fact]
    public async Task A_failed_ingest_stops_the_chain_and_a_successful_one_fires_analysis_then_owners()
    {
        var register = new SyntheticMatrikkelRegister();
        await using var matrikkel = await MatrikkelServer.StartAsync((call, _) => Task.FromResult<(int, string)?>((200, register.Answer(call))));
        using var host = TestHost.Build(_database, Settings(matrikkel), isService: true);
        await TestHost.Get<FileImporter>(host).ImportAsync(Datasets.Find("kommune"), Sample("kommuner.gml"), null, null, null, null, CancellationToken.None);
        await host.StartAsync();
        try
        {
            var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

            // The reguleringsplaner service is down: the ingest fails and nothing follows it.
            _reguleringsplanerDown = true;
            await scheduler.TriggerJob(new JobKey(IngestJob.Name));
            await Eventually.TrueAsync(
                async () => await _database.ScalarAsync<long>("SELECT count(*) FROM ops.job_run WHERE job_name = 'ingest' AND outcome = 'failed'") == 1
                            && (await scheduler.QueryFireInstances(new FireInstanceQuery { State = FireInstanceState.Executing })).Items.Count == 0,
                "the failed ingest is recorded and its listeners are done", TimeSpan.FromMinutes(3));
            Assert.Empty(await scheduler.GetTriggersOfJob(new JobKey(AnalysisJob.Name)));
            Assert.Equal(["ingest failed"], await RunsAsync());
            Assert.Equal(0, await _database.ScalarAsync<long>("SELECT count(*) FROM analysis.tomt"));

            // Back up: ingest, then analysis (fired by the ingest's success), then owners (fired by the analysis').
            _reguleringsplanerDown = false;
            await scheduler.TriggerJob(new JobKey(IngestJob.Name));
            await Eventually.TrueAsync(
                async () => await _database.ScalarAsync<long>("SELECT count(*) FROM ops.job_run WHERE job_name = 'owners' AND outcome <> 'running'") == 1
                            || await _database.ScalarAsync<long>("SELECT count(*) FROM ops.job_run WHERE outcome = 'failed'") > 1,
                "the owners job has run after the analysis, or a second job failed", TimeSpan.FromMinutes(6));
            Assert.True(
                (await RunsAsync()).SequenceEqual(["ingest failed", "ingest succeeded", "analysis succeeded", "owners succeeded"]),
                await _database.ScalarAsync<string>("SELECT string_agg(job_name || ' ' || outcome || ' ' || coalesce(error, ''), E'\n' ORDER BY job_run_id) FROM ops.job_run"));
            // Each job started only after the one before it had finished.
            Assert.Equal(0, await _database.ScalarAsync<long>("""
                SELECT count(*) FROM ops.job_run a JOIN ops.job_run b ON b.job_run_id > a.job_run_id
                WHERE a.job_name IN ('ingest', 'analysis', 'owners') AND b.job_name IN ('ingest', 'analysis', 'owners') AND b.started_at < a.finished_at
                """));
        }
        finally
        {
            await host.StopAsync();
        }

        var sites = await _database.ScalarAsync<long>("SELECT count(*) FROM analysis.tomt WHERE endring IN ('ny', 'endret', 'uendret')");
        Assert.True(sites > 0, "the analysis made sites");
        Assert.Equal(sites, await _database.ScalarAsync<long>("SELECT count(*) FROM analysis.tomt WHERE score IS NOT NULL"));
        // Every site with parcels under it has their owners from the register, and the lookup is remembered per site.
        var withParcels = await _database.ScalarAsync<long>("SELECT count(DISTINCT tomte_id) FROM owners.tomt_eiendom");
        Assert.True(withParcels > 0, "the overlay found parcels under the sites");
        Assert.Equal(withParcels, await _database.ScalarAsync<long>(
            "SELECT count(DISTINCT te.tomte_id) FROM owners.tomt_eiendom te JOIN owners.eierskap e USING (matrikkelnummer) WHERE e.kilde_type = 'matrikkel'"));
        Assert.Equal(sites, await _database.ScalarAsync<long>("SELECT count(*) FROM owners.tomt_oppslag"));
        Assert.True(matrikkel.Calls.Count >= 4, $"{matrikkel.Calls.Count} Matrikkel calls");
    }

    private async Task<IReadOnlyList<string>> RunsAsync()
    {
        var runs = new List<string>();
        await using var command = _database.DataSource.CreateCommand(
            "SELECT job_name || ' ' || outcome FROM ops.job_run WHERE job_name = ANY (@jobs) ORDER BY started_at, job_run_id");
        command.Parameters.AddWithValue("jobs", Chained);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            runs.Add(reader.GetString(0));
        }
        return runs;
    }
}
