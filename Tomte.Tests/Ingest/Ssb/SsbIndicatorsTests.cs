using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Tomte.Tests.Infrastructure;
using Tomte.Tests.Ingest.Sources;
using Tomte.Worker.Ingest;
using Tomte.Worker.Ingest.Ssb;

namespace Tomte.Tests.Ingest.Ssb;

/// <summary>
/// <c>tomte ssb</c> end to end: a loopback "SSB" answers with the bundled SYNTHETIC bodies (real PxWebApi v2 and Klass
/// formats), the real client, parser and loader fill ssb.kommune_indikator, and a second run reads the unchanged
/// tables from the cache.
/// </summary>
public sealed class SsbIndicatorsTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    private static string Bundled(string file) => Path.Combine(SampleDataImport.SampleDirectory, "ssb", file);

    private IHost Host(FixtureServer server) => TestHost.Build(_database, new Dictionary<string, string?>
    {
        ["Tomte:Ssb:BaseUrl"] = new Uri(server.BaseUri, "api/pxwebapi/v2").AbsoluteUri,
        ["Tomte:Ssb:KlassUrl"] = new Uri(server.BaseUri, "api/klass/v1").AbsoluteUri,
    });

    [Fact]
    public async Task Indicators_land_per_current_kommune_with_renumbering_gaps_and_the_newest_projection_and_unchanged_tables_are_not_fetched_again()
    {
        await using var server = await FixtureServer.StartAsync((context, _) =>
        {
            var file = RecordedAnswersHandler.FileFor(new Uri(context.Request.GetEncodedUrlForTest()))!;
            return FixtureServerFiles.ServeAsync(context, Bundled(file), "application/json");
        });
        using var host = Host(server);
        var indicators = TestHost.Get<SsbIndicators>(host);

        var first = await indicators.RunAsync(["3207", "3212", "3218"], null, CancellationToken.None);

        Assert.Equal("14288", first.FramskrivingTabell);
        Assert.Equal(0, first.FromCache);
        var rows = first.Rows.ToDictionary(r => r.Kommunenummer);
        // 2025 under 3207; 2020 was published under 3020 (Klass 131: 3020 → 3207) and lands on 3207.
        Assert.Equal(62_480, rows["3207"].Folketall);
        Assert.Equal((short)2025, rows["3207"].FolketallAr);
        var then = Math.Round(62_480 / Math.Pow(1.014, 5));
        Assert.Equal(Math.Round((decimal)((62_480 - then) / then * 100), 2), rows["3207"].Vekst5ArPct);
        Assert.NotNull(rows["3212"].Framskrevet2030);
        Assert.True(rows["3218"].Framskrevet2040 > rows["3218"].Framskrevet2030);
        // Nesodden's 2024 housing starts are "..": the newest figure is 2023's, under 3023.
        Assert.Equal((short)2023, rows["3212"].BoligstartAr);
        Assert.Equal((short)2024, rows["3207"].BoligstartAr);
        // Ås's 2023 income is confidential (":"): 2022.
        Assert.Equal((short)2022, rows["3218"].InntektAr);
        Assert.Equal((short)2023, rows["3207"].InntektAr);
        Assert.Equal((short)2, rows["3207"].Sentralitet);
        Assert.Equal((short)3, rows["3218"].Sentralitet);

        await using (var command = _database.DataSource.CreateCommand(
            "SELECT count(*), min(folketall), max(framskriving_tabell) FROM ssb.kommune_indikator WHERE median_inntekt > 600000 AND sentralitet IS NOT NULL"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal(3L, reader.GetInt64(0));
            Assert.Equal(20_310, reader.GetInt32(1));
            Assert.Equal("14288", reader.GetString(2));
        }

        var requests = server.Requests.ToList();
        var data = requests.Where(r => r.Path.EndsWith("/data", StringComparison.Ordinal)).ToList();
        Assert.Equal(["07459", "14288", "05940", "06944"], data.Select(r => r.Path.Split('/')[^2]));
        Assert.Contains(requests, r => r.Path.EndsWith("/tables", StringComparison.Ordinal) && r.Parameter("query") == "framskrevet folkemengde kommune");
        Assert.Contains(requests, r => r.Path.EndsWith("/classifications/131/correspondsAt", StringComparison.Ordinal) && r.Parameter("targetClassificationId") == "128");

        var second = await indicators.RunAsync(["3207", "3212", "3218"], null, CancellationToken.None);

        Assert.Equal(4, second.FromCache);
        Assert.Equal(4, server.Requests.Count(r => r.Path.EndsWith("/data", StringComparison.Ordinal)));
        Assert.Equal(first.Rows, second.Rows);
    }

    [Fact]
    public async Task A_selection_over_the_cell_limit_is_split_by_region_and_every_kommune_still_gets_its_figures()
    {
        var bodies = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var server = await FixtureServer.StartAsync(async (context, _) =>
        {
            if (context.Request.Method == "POST")
            {
                using var reader = new StreamReader(context.Request.Body);
                bodies.Enqueue(await reader.ReadToEndAsync());
            }
            var file = RecordedAnswersHandler.FileFor(new Uri(context.Request.GetEncodedUrlForTest()))!;
            await FixtureServerFiles.ServeAsync(context, Bundled(file), "application/json");
        });
        using var host = Host(server);
        // 6 years × 1 age × 1 statistic = 6 cells per region: 12 cells take two regions per request.
        var settings = new SsbOptions
        {
            BaseUrl = new Uri(server.BaseUri, "api/pxwebapi/v2").AbsoluteUri,
            KlassUrl = new Uri(server.BaseUri, "api/klass/v1").AbsoluteUri,
            MaxCells = 12,
        };
        var client = new SsbClient(new HttpClient(), TestHost.Get<SsbRateLimiter>(host), Microsoft.Extensions.Options.Options.Create(settings), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SsbClient>.Instance);
        var renumbering = new KommuneRenumbering([new("3020", "3207", null), new("3023", "3212", null), new("3021", "3218", null)]);

        var table = await SsbTable.ReadAsync(client, TestHost.Get<SsbCache>(host), settings, "07459", ["3207", "3212", "3218"], renumbering,
            p => p, null, (_, _) => { }, CancellationToken.None);

        Assert.Equal(3, table.Requests);
        var regions = bodies.Select(b => System.Text.Json.JsonDocument.Parse(b).RootElement.GetProperty("selection")[0])
            .Select(s => (s.GetProperty("variableCode").GetString(), string.Join(",", s.GetProperty("valueCodes").EnumerateArray().Select(v => v.GetString()))))
            .ToList();
        Assert.Equal([("Region", "3207,3020"), ("Region", "3212,3023"), ("Region", "3218,3021")], regions);
        Assert.Equal(22_150, table.Value("3218", "2025"));
        Assert.Equal(Math.Round(20_310 / Math.Pow(1.006, 5)), table.Value("3212", "2020"));
    }

    [Fact]
    public async Task Region_codes_with_ssbs_k_prefix_are_matched_to_the_kommune_numbers()
    {
        await using var server = await FixtureServer.StartAsync(async (context, _) =>
        {
            var file = RecordedAnswersHandler.FileFor(new Uri(context.Request.GetEncodedUrlForTest()))!;
            var body = await File.ReadAllTextAsync(Bundled(file));
            if (file.StartsWith("07459", StringComparison.Ordinal))
            {
                foreach (var code in (string[])["3207", "3020", "3212", "3023", "3218", "3021"])
                {
                    body = body.Replace($"\"{code}\"", $"\"K-{code}\"", StringComparison.Ordinal);
                }
            }
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        });
        using var host = Host(server);

        var outcome = await TestHost.Get<SsbIndicators>(host).RunAsync(["3207"], null, CancellationToken.None);

        Assert.Equal(62_480, outcome.Rows.Single().Folketall);
        Assert.NotNull(outcome.Rows.Single().Vekst5ArPct);
    }

    [Fact]
    public async Task The_same_bodies_read_from_a_folder_fill_the_same_rows()
    {
        await using var server = await FixtureServer.StartAsync((context, _) => Task.CompletedTask);
        using var host = Host(server);

        var outcome = await TestHost.Get<SsbIndicators>(host).RunAsync([], Path.Combine(SampleDataImport.SampleDirectory, "ssb"), CancellationToken.None);

        Assert.Equal(["3207", "3212", "3218"], outcome.Rows.Select(r => r.Kommunenummer));
        Assert.Empty(server.Requests);
        Assert.All(outcome.Rows, r => Assert.NotNull(r.Folketall));
    }
}

internal static class RequestUrl
{
    public static string GetEncodedUrlForTest(this Microsoft.AspNetCore.Http.HttpRequest request) =>
        Microsoft.AspNetCore.Http.Extensions.UriHelper.GetEncodedUrl(request);
}
