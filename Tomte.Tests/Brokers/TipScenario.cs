using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Tomte.Tests.Analysis;
using Tomte.Tests.Infrastructure;
using Tomte.Tests.Ingest.Sources;
using Tomte.Tests.Owners;
using Tomte.Worker.Analysis.Scoring;

namespace Tomte.Tests.Brokers;

/// <summary>
/// Hand-made land in Ås (local metres, <see cref="AnalysisScenario"/>) loaded through the real ingest path and analysed,
/// and Kartverket's address API replayed from recorded answers on loopback:
/// teig 3218-1/1 (0..200 × 0..100) lies wholly in framtidig bolig with no plan over it;
/// teig 3218-2/1 (1000..1200) is framtidig bolig wholly covered by the adopted reguleringsplan 3218-RP-1;
/// teig 3218-3/1 (2000..2200) is framtidig bolig whose western half (2000..2100) lies in a flomsone;
/// teig 3207-243/898 is the parcel Myrvollveien 5C (Nordre Follo) lies on, the kommune has no kommuneplan loaded.
/// </summary>
public sealed class TipScenario : IAsyncLifetime
{
    private readonly OwnersScenario _owners = new();
    private FixtureServer _addresses = null!;
    private IHost _host = null!;

    public AnalysisScenario Analysis => _owners.Analysis;

    public PostgisDatabase Database => _owners.Analysis.Database;

    internal FixtureServer Addresses => _addresses;

    public string AddressApiUrl => _addresses.BaseUri.ToString().TrimEnd('/') + "/adresser/v1";

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Brokers", "Fixtures", "adresser", name);

    public async Task InitializeAsync()
    {
        await _owners.InitializeAsync();
        _addresses = await FixtureServer.StartAsync(async (context, _) =>
        {
            var query = context.Request.Query["sok"].ToString();
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.SendFileAsync(Fixture(query.Equals("Myrvollveien 5C", StringComparison.OrdinalIgnoreCase)
                ? "sok-myrvollveien-5c.json" : "sok-ingen-treff.json"));
        });
        await Analysis.LoadKommuneBorderAsync("3218", AnalysisScenario.Rect(-5_000, -5_000, 5_000, 5_000));
        await Analysis.LoadKommuneBorderAsync("3207", AnalysisScenario.Rect(-5_000, 5_000, 15_000, 15_000));
        await Analysis.LoadKommuneplanAsync(
        [
            new AnalysisScenario.Kp("kp-fri", AnalysisScenario.Rect(0, 0, 200, 100)),
            new AnalysisScenario.Kp("kp-regulert", AnalysisScenario.Rect(1_000, 0, 1_200, 100)),
            new AnalysisScenario.Kp("kp-flom", AnalysisScenario.Rect(2_000, 0, 2_200, 100)),
        ]);
        await Analysis.LoadReguleringsplanerAsync(new AnalysisScenario.Rp("3218-RP-1", AnalysisScenario.Rect(990, -10, 1_210, 110)));
        await _owners.TeigerAsync("3218",
            new OwnersScenario.Teig("3218-1/1", AnalysisScenario.Rect(0, 0, 200, 100)),
            new OwnersScenario.Teig("3218-2/1", AnalysisScenario.Rect(1_000, 0, 1_200, 100)),
            new OwnersScenario.Teig("3218-3/1", AnalysisScenario.Rect(2_000, 0, 2_200, 100)));
        await _owners.TeigerAsync("3207", new OwnersScenario.Teig("3207-243/898", AnalysisScenario.Rect(4_000, 6_000, 4_100, 6_100)));
        await using (var flood = Analysis.Get<Npgsql.NpgsqlDataSource>().CreateCommand("""
            INSERT INTO ref.constraint_area (load_id, kommunenummer, kind, source_id, name, geom)
            VALUES ((SELECT max(load_id) FROM ingest.load), '3218', 'flomsone', 'flom-1', 'Flomsone 200-årsflom', ST_Multi(@g))
            """))
        {
            flood.Parameters.AddWithValue("g", AnalysisScenario.Local(AnalysisScenario.Rect(2_000, 0, 2_100, 100)));
            await flood.ExecuteNonQueryAsync();
        }
        var outcome = await Analysis.AnalyzeAsync();
        Assert.Empty(outcome.Failures);
        await Analysis.Get<ScoreRunner>().RunAsync([], CancellationToken.None);
        _host = TestHost.Build(Database, new Dictionary<string, string?> { ["Tomte:Brokers:AdresseApiUrl"] = AddressApiUrl });
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _addresses.DisposeAsync();
        await _owners.DisposeAsync();
    }

    public T Get<T>() where T : notnull => TestHost.Get<T>(_host);
}
