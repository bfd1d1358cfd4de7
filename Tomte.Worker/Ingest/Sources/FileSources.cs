namespace Tomte.Worker.Ingest.Sources;

/// <summary>
/// Opens a downloaded file as a feature source, choosing the reader by extension; an .xml file whose root is a
/// NeTEx PublicationDelivery (Entur's stop register) goes to the NeTEx reader, other .xml to the GML reader.
/// </summary>
public static class FileSources
{
    public static IReadOnlyList<string> Extensions { get; } = [".geojson", ".json", ".gml", ".xml", ".gpkg"];

    /// <param name="path">A .geojson/.json, .gml/.xml (GML or NeTEx) or .gpkg file.</param>
    /// <param name="layer">
    /// GeoPackage: the table to read (may be omitted when the file has one feature table).
    /// GML: the feature type to keep (local name, e.g. <c>KpArealformålOmråde</c>); null keeps every feature.
    /// Ignored for GeoJSON.
    /// </param>
    public static IFeatureSource Open(string path, string? layer = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"{full}: the file does not exist", full);
        }
        return Path.GetExtension(full).ToLowerInvariant() switch
        {
            ".geojson" or ".json" => new GeoJsonFeatureReader(full),
            ".xml" when NetexStopPlaceReader.IsNetex(full) => new NetexStopPlaceReader(full),
            ".gml" or ".xml" => new GmlFeatureReader(full, layer),
            ".gpkg" => new GeoPackageFeatureReader(full, layer),
            var other => throw new SourceFormatException(full, null,
                $"'{other}' files cannot be read; use one of {string.Join(", ", Extensions)}"),
        };
    }

    internal static FileStream OpenRead(string path, int bufferSize = 0) =>
        new(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            Options = bufferSize == 0 ? FileOptions.Asynchronous | FileOptions.SequentialScan : FileOptions.SequentialScan,
            BufferSize = bufferSize,
        });
}
