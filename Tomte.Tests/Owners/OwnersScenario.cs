using System.Runtime.CompilerServices;
using Tomte.Tests.Analysis;
using Tomte.Worker.Ingest;
using Tomte.Worker.Owners;

namespace Tomte.Tests.Owners;

/// <summary>
/// Sites made by the real analysis (<see cref="AnalysisScenario"/>, local metres in Ås) and teiger loaded through the
/// real ingest path, so the overlay runs on exactly what production stores.
/// </summary>
public sealed class OwnersScenario : IAsyncLifetime
{
    private readonly AnalysisScenario _analysis = new();

    public AnalysisScenario Analysis => _analysis;

    public Task InitializeAsync() => _analysis.InitializeAsync();

    public Task DisposeAsync() => _analysis.DisposeAsync();

    public T Get<T>() where T : notnull => _analysis.Get<T>();

    public sealed record Teig(string Matrikkelnummertekst, string Wkt);

    /// <summary>Sites from these kommuneplan housing polygons (local coordinates), analysed.</summary>
    public async Task SitesAsync(params string[] wkt)
    {
        await _analysis.LoadKommuneplanAsync(wkt.Select((w, i) => new AnalysisScenario.Kp($"kp-{i}", w)));
        var outcome = await _analysis.AnalyzeAsync();
        Assert.Empty(outcome.Failures);
    }

    /// <summary>Loads a kommune's teiger (replacing its previous ones), as the Teig WFS publishes them.</summary>
    public async Task TeigerAsync(string kommune, params Teig[] teiger)
    {
        var features = teiger.Select((t, i) => new SourceFeature(i, $"teig.{i}", AnalysisScenario.Local(t.Wkt), new Dictionary<string, object?>
        {
            ["identifikasjon.lokalId"] = $"teig-{kommune}-{i}",
            ["matrikkelnummertekst"] = t.Matrikkelnummertekst,
        })).ToList();
        _analysis.Time.Advance(TimeSpan.FromMinutes(1));
        await Get<DatasetLoader>().LoadAsync(
            new LoadRequest(Datasets.Find("teig"), new ListSource($"teig-{kommune}.gml", features), SourceKind.File, kommune, 25833, false), null, CancellationToken.None);
    }

    public Task<ParcelOverlay.Result> OverlayAsync() => Get<ParcelOverlay>().RunAsync([], CancellationToken.None);

    public sealed record Link(string TomteId, string Matrikkelnummer, decimal Andel, double OverlappM2, bool FellesTeig);

    public async Task<IReadOnlyList<Link>> LinksAsync()
    {
        var links = new List<Link>();
        await using var command = _analysis.Database.DataSource.CreateCommand(
            "SELECT tomte_id, matrikkelnummer, andel_av_tomt, overlapp_m2, felles_teig FROM owners.tomt_eiendom ORDER BY tomte_id, matrikkelnummer");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            links.Add(new Link(reader.GetString(0), reader.GetString(1), reader.GetDecimal(2), reader.GetDouble(3), reader.GetBoolean(4)));
        }
        return links;
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
