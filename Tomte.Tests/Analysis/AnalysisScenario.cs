using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Analysis;
using Tomte.Worker.Ingest;

namespace Tomte.Tests.Analysis;

/// <summary>
/// A real PostGIS database with plan data loaded through the real ingest path (DatasetLoader, so plan changes
/// are detected as in production), and the real analysis on top. Geometry is written as WKT in metres,
/// offset to a place in Ås (EPSG:25833) so that hand-computed areas stay readable.
/// </summary>
public sealed class AnalysisScenario : IAsyncLifetime
{
    public const string Kommune = "3218";
    public const double X0 = 260_000;
    public const double Y0 = 6_625_000;

    private static readonly WKTReader Reader = new(new NtsGeometryServices(new PrecisionModel(), 25833));

    private readonly PostgisDatabase _database = new();
    private IHost _host = null!;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero));

    public PostgisDatabase Database => _database;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        _host = TestHost.Build(_database, services: s => s.AddSingleton<TimeProvider>(Time));
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _database.DisposeAsync();
    }

    public T Get<T>() where T : notnull => TestHost.Get<T>(_host);

    /// <summary>A polygon from local coordinates (metres from X0, Y0).</summary>
    public static Geometry Local(string wkt)
    {
        var geometry = Reader.Read(wkt);
        var moved = geometry.Copy();
        moved.Apply(new OffsetFilter(X0, Y0));
        moved.GeometryChanged();
        moved.SRID = 25833;
        return moved;
    }

    public static string Rect(double x1, double y1, double x2, double y2) =>
        FormattableString.Invariant($"POLYGON(({x1} {y1}, {x2} {y1}, {x2} {y2}, {x1} {y2}, {x1} {y1}))");

    public sealed record Kp(string Id, string Wkt, int Arealformal = 1110, int Arealbruksstatus = 2, string Planidentifikasjon = "32182019001");

    public sealed record Rp(string Planidentifikasjon, string Wkt, int Planstatus = 3, int? Vertikalniva = 2, string? Navn = null);

    /// <summary>Loads the kommuneplan (its KpOmråde, in force, around everything) and its arealformål, replacing the kommune's.</summary>
    public async Task LoadKommuneplanAsync(IEnumerable<Kp> arealformal, int planstatus = 3, string kommune = Kommune)
    {
        var plan = new SourceFeature(0, "kpomrade.0", Local(Rect(-5_000, -5_000, 5_000, 5_000)), new Dictionary<string, object?>
        {
            ["identifikasjon.lokalId"] = $"kpomrade-{kommune}",
            ["arealplanId.kommunenummer"] = kommune,
            ["arealplanId.planidentifikasjon"] = "32182019001",
            ["plannavn"] = "Kommuneplanens arealdel (test)",
            ["plantype"] = 20L,
            ["planstatus"] = (long)planstatus,
        });
        await LoadAsync("kp-planomrade", [plan], kommune);
        await LoadArealformalAsync(arealformal, kommune);
    }

    public Task LoadArealformalAsync(IEnumerable<Kp> arealformal, string kommune = Kommune) =>
        LoadAsync("kp-arealformal", arealformal.Select((kp, i) => new SourceFeature(i, $"kparealformal.{i}", Local(kp.Wkt), new Dictionary<string, object?>
        {
            ["identifikasjon.lokalId"] = kp.Id,
            ["arealplanId.kommunenummer"] = kommune,
            ["arealplanId.planidentifikasjon"] = kp.Planidentifikasjon,
            ["arealformål"] = (long)kp.Arealformal,
            ["arealbruksstatus"] = (long)kp.Arealbruksstatus,
        })).ToList(), kommune, allowEmpty: true);

    /// <summary>Loads the kommune's reguleringsplaner (all of them: a load replaces the kommune's set).</summary>
    public Task LoadReguleringsplanerAsync(params Rp[] plans) => LoadReguleringsplanerForAsync(Kommune, plans);

    /// <summary>Loads another kommune's reguleringsplaner (replacing that kommune's set).</summary>
    public Task LoadReguleringsplanerForAsync(string kommune, params Rp[] plans) =>
        LoadAsync("rp-planomrade", plans.Select((rp, i) => new SourceFeature(i, $"rpomrade.{i}", Local(rp.Wkt), new Dictionary<string, object?>
        {
            ["identifikasjon.lokalId"] = $"rp-{rp.Planidentifikasjon}-{i}",
            ["arealplanId.kommunenummer"] = kommune,
            ["arealplanId.planidentifikasjon"] = rp.Planidentifikasjon,
            ["plannavn"] = rp.Navn ?? $"Reguleringsplan {rp.Planidentifikasjon}",
            ["plantype"] = 35L,
            ["planstatus"] = (long)rp.Planstatus,
            ["vertikalnivå"] = rp.Vertikalniva is { } v ? (long)v : null,
        })).ToList(), kommune, allowEmpty: true);

    /// <summary>Loads a kommune's border (ref.kommune), in local coordinates.</summary>
    public Task LoadKommuneBorderAsync(string kommune, string wkt) =>
        LoadAsync("kommune", [new SourceFeature(0, $"kommune.{kommune}", Local(wkt), new Dictionary<string, object?>
        {
            ["kommunenummer"] = kommune,
            ["kommunenavn"] = $"Kommune {kommune}",
        })], kommune);

    private async Task LoadAsync(string dataset, IReadOnlyList<SourceFeature> features, string kommune, bool allowEmpty = false)
    {
        Time.Advance(TimeSpan.FromMinutes(1));
        await Get<DatasetLoader>().LoadAsync(
            new LoadRequest(Datasets.Find(dataset), new ListSource($"{dataset}-test.geojson", features), SourceKind.File, kommune, 25833, allowEmpty), null, CancellationToken.None);
    }

    public async Task<AnalysisRunner.Outcome> AnalyzeAsync(params string[] kommuner)
    {
        Time.Advance(TimeSpan.FromHours(1));
        return await Get<AnalysisRunner>().RunAsync(kommuner.Length == 0 ? [Kommune] : kommuner, null, null, CancellationToken.None);
    }

    public sealed record SiteRow(string TomteId, string Endring, double AreaM2, decimal ArealDaa, int? EstBoliger, string[] KildeIds, string Planstatus, string Plansignaler, string[]? RegulertAv);

    public async Task<IReadOnlyList<SiteRow>> SitesAsync(bool includeGone = false)
    {
        var sql = """
            SELECT tomte_id, endring, ST_Area(geom), areal_daa, est_boliger, kilde_ids, coalesce(planstatus, ''), plansignaler::text, regulert_av
            FROM analysis.tomt
            """ + (includeGone ? "" : " WHERE endring IN ('ny', 'endret', 'uendret')") + " ORDER BY tomte_id";
        var rows = new List<SiteRow>();
        await using var command = _database.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new SiteRow(reader.GetString(0), reader.GetString(1), reader.GetDouble(2), reader.GetDecimal(3), reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.GetFieldValue<string[]>(5), reader.GetString(6), reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetFieldValue<string[]>(8)));
        }
        return rows;
    }

    private sealed class OffsetFilter(double dx, double dy) : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            seq.SetX(i, seq.GetX(i) + dx);
            seq.SetY(i, seq.GetY(i) + dy);
        }
    }

    private sealed class ListSource(string description, IReadOnlyList<SourceFeature> features) : IFeatureSource
    {
        public string Description { get; } = description;

        public async IAsyncEnumerable<SourceFeature> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var feature in features)
            {
                yield return feature;
            }
            await Task.CompletedTask;
        }
    }
}
