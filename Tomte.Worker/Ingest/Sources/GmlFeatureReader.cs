using System.Runtime.CompilerServices;

namespace Tomte.Worker.Ingest.Sources;

/// <summary>
/// A GML 3.2 file (SOSI Kommuneplan / Reguleringsplan 20190401, or a saved WFS response), streamed feature by
/// feature. A file holds several feature types (KpOmråde, KpArealformålOmråde, hensynssoner...): pass
/// <c>featureType</c> to keep one of them.
/// </summary>
public sealed class GmlFeatureReader : IFeatureSource
{
    private readonly string _path;
    private readonly string? _featureType;

    /// <param name="featureType">Local name of the feature type to keep (e.g. <c>KpArealformålOmråde</c>); null keeps all.</param>
    public GmlFeatureReader(string path, string? featureType = null)
    {
        _path = Path.GetFullPath(path);
        _featureType = string.IsNullOrWhiteSpace(featureType) ? null : featureType;
    }

    public string Description => _path;

    public async IAsyncEnumerable<SourceFeature> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = FileSources.OpenRead(_path, bufferSize: 1 << 16);
        await using (stream.ConfigureAwait(false))
        {
            var parser = new GmlStreamParser(_path, stream, startIndex: 0, _featureType, fallbackCrs: null);
            foreach (var feature in parser.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return feature;
            }
        }
    }
}
