namespace Tomte.Worker.Ingest.Sources;

/// <summary>What a downloaded file holds, which decides its reader.</summary>
public enum FileFormat
{
    GeoJson,
    Gml,
    Netex,
    GeoPackage,
}

/// <summary>
/// Opens a downloaded file as a feature source. <see cref="FormatOf"/> is the one place that decides what a file
/// is: by extension, and for .xml by its root element (a NeTEx PublicationDelivery from Entur's stop register goes
/// to the NeTEx reader, any other XML to the GML reader).
/// </summary>
public static class FileSources
{
    public static IReadOnlyList<string> Extensions { get; } = [".geojson", ".json", ".gml", ".xml", ".gpkg"];

    /// <param name="path">A .geojson/.json, .gml/.xml (GML or NeTEx) or .gpkg file.</param>
    public static FileFormat FormatOf(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"{full}: the file does not exist", full);
        }
        return Path.GetExtension(full).ToLowerInvariant() switch
        {
            ".geojson" or ".json" => FileFormat.GeoJson,
            ".xml" when NetexStopPlaceReader.IsNetex(full) => FileFormat.Netex,
            ".gml" or ".xml" => FileFormat.Gml,
            ".gpkg" => FileFormat.GeoPackage,
            var other => throw new SourceFormatException(full, null,
                $"'{other}' files cannot be read; use one of {string.Join(", ", Extensions)}"),
        };
    }

    /// <param name="table">GeoPackage: the table to read (may be omitted when the file has one feature table); ignored otherwise.</param>
    public static IFeatureSource Open(string path, string? table = null) => Open(path, FormatOf(path), table);

    /// <param name="format">What <see cref="FormatOf"/> found.</param>
    /// <param name="table">GeoPackage: the table to read; ignored otherwise.</param>
    public static IFeatureSource Open(string path, FileFormat format, string? table) => format switch
    {
        FileFormat.GeoJson => new GeoJsonFeatureReader(path),
        FileFormat.Gml => new GmlFeatureReader(path),
        FileFormat.Netex => new NetexStopPlaceReader(path),
        FileFormat.GeoPackage => new GeoPackageFeatureReader(path, table),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

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
