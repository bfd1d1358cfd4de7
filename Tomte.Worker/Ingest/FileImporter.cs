using System.Runtime.CompilerServices;
using Tomte.Worker.Ingest.Sources;

namespace Tomte.Worker.Ingest;

/// <summary>
/// <c>tomte import</c>: one downloaded file (.geojson/.json, .gml/.xml, .gpkg) into one dataset.
/// The demo imports its bundled sample data through here too, so both take the same path.
/// </summary>
public sealed class FileImporter(DatasetLoader loader)
{
    /// <param name="layer">GeoPackage table or GML feature type; by default a GML file gives the dataset's own feature type.</param>
    /// <param name="srid">The CRS of features that declare none.</param>
    public Task<LoadResult> ImportAsync(
        string datasetName, string path, string? kommunenummer, string? layer, int? srid, IProgress<LoadProgress>? progress, CancellationToken cancellationToken)
    {
        // Refuse a wrong dataset name before touching the file.
        var dataset = Datasets.Find(datasetName);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        // NeTEx (Entur's stop register) is .xml too, but has no GML feature types to pick.
        var gml = extension is ".gml" || (extension is ".xml" && !(File.Exists(path) && NetexStopPlaceReader.IsNetex(path)));
        if (layer is null && gml && dataset.FeatureTypes.Count == 1)
        {
            layer = dataset.FeatureTypes[0];
        }
        // A GML reader keeps one feature type; a dataset of several (hensynssoner) reads the file once per type.
        var source = layer is null && gml && dataset.FeatureTypes.Count > 1
            ? new FeatureTypesSource(path, dataset.FeatureTypes)
            : FileSources.Open(path, layer);
        return loader.LoadAsync(new LoadRequest(dataset.Name, source, "file", kommunenummer, srid), progress, cancellationToken);
    }
}

/// <summary>One GML file read once per feature type, as one stream: positions count on across the types.</summary>
internal sealed class FeatureTypesSource(string path, IReadOnlyList<string> featureTypes) : IFeatureSource
{
    private readonly IReadOnlyList<IFeatureSource> _sources = featureTypes.Select(type => FileSources.Open(path, type)).ToArray();

    public string Description => _sources[0].Description;

    public async IAsyncEnumerable<SourceFeature> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var offset = 0L;
        foreach (var source in _sources)
        {
            var count = 0L;
            await foreach (var feature in source.ReadAsync(cancellationToken).WithCancellation(cancellationToken))
            {
                count++;
                yield return feature with { Index = offset + feature.Index };
            }
            offset += count;
        }
    }
}
