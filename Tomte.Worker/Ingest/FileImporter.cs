using Tomte.Worker.Ingest.Sources;

namespace Tomte.Worker.Ingest;

/// <summary>
/// <c>tomte import</c>: one downloaded file (.geojson/.json, .gml/.xml, .gpkg) into one dataset.
/// The demo imports its bundled sample data through here too, so both take the same path.
/// </summary>
public sealed class FileImporter(DatasetLoader loader)
{
    /// <param name="layer">GeoPackage table, or GML feature type (by default the dataset's own feature types).</param>
    /// <param name="srid">The CRS of features that declare none.</param>
    public Task<LoadResult> ImportAsync(
        Dataset dataset, string path, string? kommunenummer, string? layer, int? srid, IProgress<LoadProgress>? progress, CancellationToken cancellationToken) =>
        loader.LoadAsync(Request(dataset, path, kommunenummer, layer, srid), progress, cancellationToken);

    /// <summary>
    /// The load of a file: one reader, chosen by <see cref="FileSources.FormatOf"/>, reading the file once; a file of
    /// several feature types (a whole kommuneplan) gives the dataset the features its <see cref="FeatureTypeFilter"/> takes.
    /// </summary>
    public static LoadRequest Request(Dataset dataset, string path, string? kommunenummer, string? layer, int? srid)
    {
        var format = FileSources.FormatOf(path);
        var source = FileSources.Open(path, format, format == FileFormat.GeoPackage ? layer : null);
        var featureTypes = FeatureTypeFilter.For(dataset, format == FileFormat.Gml ? layer : null);
        return new LoadRequest(dataset, source, SourceKind.File, kommunenummer, srid, FeatureTypes: featureTypes);
    }
}
