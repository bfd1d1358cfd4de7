using System.Runtime.CompilerServices;

namespace Tomte.Worker.Ingest.Sources;

/// <summary>
/// A GeoJSON file (FeatureCollection or single Feature), streamed feature by feature. CRS: the legacy
/// <c>crs</c> member when present, otherwise CRS84 as RFC 7946 says.
/// </summary>
public sealed class GeoJsonFeatureReader : IFeatureSource
{
    private readonly string _path;

    public GeoJsonFeatureReader(string path)
    {
        _path = Path.GetFullPath(path);
    }

    public string Description => _path;

    public async IAsyncEnumerable<SourceFeature> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = FileSources.OpenRead(_path);
        await using (stream.ConfigureAwait(false))
        {
            var parser = new GeoJsonStreamParser(_path, stream, startIndex: 0, crs: null);
            await foreach (var feature in parser.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return feature;
            }
        }
    }
}
