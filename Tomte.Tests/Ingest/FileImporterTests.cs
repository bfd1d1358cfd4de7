using System.Text;
using Microsoft.Extensions.Hosting;
using Tomte.Tests.Infrastructure;
using Tomte.Tests.SampleData;
using Tomte.Worker.Ingest;

namespace Tomte.Tests.Ingest;

public sealed class FileImporterTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "tomte-fileimport-" + Guid.NewGuid().ToString("N")[..8]);
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_scratch);
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        _host = TestHost.Build(_database);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _database.DisposeAsync();
        Directory.Delete(_scratch, recursive: true);
    }

    private static string Sample(string relative) => Path.Combine(SampleDataTests.CommittedDirectory, relative);

    private Task<LoadResult> ImportAsync(string dataset, string path, string? kommune = "3218") =>
        TestHost.Get<FileImporter>(_host).ImportAsync(Datasets.Find(dataset), path, kommune, null, null, null, CancellationToken.None);

    /// <summary>One GML with KpOmråde, KpArealformålOmråde and seven kinds of hensynssone, as a full NAP download has.</summary>
    private async Task<string> WholeKommuneplanAsync()
    {
        var plan = await File.ReadAllTextAsync(Sample("3218/kommuneplan-3218.gml"));
        var hensyn = await File.ReadAllTextAsync(Sample("3218/kp-hensynssoner-3218.gml"));
        var members = hensyn[hensyn.IndexOf("<wfs:member>", StringComparison.Ordinal)..hensyn.LastIndexOf("</wfs:FeatureCollection>", StringComparison.Ordinal)];
        var mixed = Path.Combine(_scratch, "kommuneplan-komplett.gml");
        await File.WriteAllTextAsync(mixed, plan.Replace("</wfs:FeatureCollection>", members + "</wfs:FeatureCollection>", StringComparison.Ordinal), new UTF8Encoding(false));
        return mixed;
    }

    [Fact]
    public async Task A_whole_kommuneplan_file_feeds_each_dataset_its_own_feature_types()
    {
        var mixed = await WholeKommuneplanAsync();

        var hensynssoner = await ImportAsync("kp-hensynssoner", mixed);
        var arealformal = await ImportAsync("kp-arealformal", mixed);
        var planomrade = await ImportAsync("kp-planomrade", mixed);

        Assert.Equal(12, hensynssoner.Kommuner.Single().FeatureCount);
        Assert.Equal(289, arealformal.Kommuner.Single().FeatureCount);
        Assert.Equal(1, planomrade.Kommuner.Single().FeatureCount);
        Assert.Equal(7L, await _database.ScalarAsync<long>("SELECT count(DISTINCT kind) FROM plan.hensynssone WHERE plannivå = 'KP'"));
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM plan.hensynssone WHERE code IS NULL"));
    }

    [Fact]
    public async Task A_file_of_many_feature_types_is_opened_and_parsed_once_for_a_dataset_of_eight_types()
    {
        var mixed = await WholeKommuneplanAsync();
        var hensynssoner = Datasets.Find("kp-hensynssoner");
        Assert.Equal(8, hensynssoner.FeatureTypes.Count);

        var request = FileImporter.Request(hensynssoner, mixed, "3218", layer: null, srid: null);
        var counted = new CountingSource(request.Source);
        var result = await TestHost.Get<DatasetLoader>(_host).LoadAsync(request with { Source = counted }, null, CancellationToken.None);

        Assert.IsType<Tomte.Worker.Ingest.Sources.GmlFeatureReader>(request.Source);
        Assert.Equal(1, counted.Reads);
        // Every feature of the file passed once: the 12 hensynssoner taken, the other types counted and left.
        var inFile = await Sources.Fixtures.ReadAllAsync(Tomte.Worker.Ingest.Sources.FileSources.Open(mixed));
        Assert.Equal(inFile.Count, counted.Features);
        Assert.Equal(inFile.Count, result.FeaturesRead);
        Assert.Equal(inFile.Count(f => !f.FeatureType!.Contains("Sone", StringComparison.Ordinal)), result.OtherFeatureTypes);
        Assert.Equal(12, result.Kommuner.Single().FeatureCount);
    }

    /// <summary>Counts how often a source is read and how many features it gives.</summary>
    private sealed class CountingSource(IFeatureSource inner) : IFeatureSource
    {
        public int Reads { get; private set; }

        public long Features { get; private set; }

        public string Description => inner.Description;

        public async IAsyncEnumerable<SourceFeature> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Reads++;
            await foreach (var feature in inner.ReadAsync(cancellationToken).WithCancellation(cancellationToken))
            {
                Features++;
                yield return feature;
            }
        }
    }

    [Fact]
    public async Task A_file_without_the_datasets_features_is_refused_rather_than_emptying_the_kommune()
    {
        await ImportAsync("kp-hensynssoner", Sample("3218/kp-hensynssoner-3218.gml"));

        var error = await Assert.ThrowsAsync<Tomte.Worker.Ingest.SourceFormatException>(() => ImportAsync("kp-hensynssoner", Sample("3218/kommuneplan-3218.gml")));

        Assert.Contains("no kp-hensynssoner features for kommune 3218", error.Message, StringComparison.Ordinal);
        Assert.Equal(12L, await _database.ScalarAsync<long>("SELECT count(*) FROM plan.hensynssone"));
    }

    [Fact]
    public async Task A_new_kommunes_border_can_be_added_once_others_are_loaded()
    {
        await ImportAsync("kommune", Sample("kommuner.gml"), kommune: "3207");
        await ImportAsync("kommune", Sample("kommuner.gml"), kommune: "3218");

        Assert.Equal("3207,3218", await _database.ScalarAsync<string>("SELECT string_agg(kommunenummer, ',' ORDER BY kommunenummer) FROM ref.kommune"));
    }

    [Fact]
    public async Task A_geopackage_is_read_through_the_same_path_and_its_gaps_are_named()
    {
        var path = Path.Combine(_scratch, "plan.gpkg");
        Sources.GeoPackageFile.Create(path, ("rpomrade", 25833, Sources.GeoPackageFile.PlanRows));

        var error = await Assert.ThrowsAsync<Tomte.Worker.Ingest.SourceFormatException>(() => ImportAsync("rp-planomrade", path));

        Assert.Equal($"{path}: feature #0 (id '10'): missing required attribute 'arealplanId.planidentifikasjon' (planidentifikasjon)", error.Message);
        Assert.Equal("failed", await _database.ScalarAsync<string>("SELECT outcome FROM ingest.load"));
    }

    [Fact]
    public async Task The_checksum_is_over_the_mapped_features_so_the_same_plans_as_gml_or_geojson_are_unchanged()
    {
        var gml = await ImportAsync("rp-planomrade", Sample("3218/reguleringsplaner-3218.gml"));
        var geojson = await ImportAsync("rp-planomrade", Sample("3218/rpomrade-3218.geojson"));

        Assert.Equal(LoadOutcome.Loaded, gml.Kommuner.Single().Outcome);
        Assert.Equal(LoadOutcome.Unchanged, geojson.Kommuner.Single().Outcome);
        Assert.Equal(gml.Kommuner.Single().Checksum, geojson.Kommuner.Single().Checksum);
    }
}
