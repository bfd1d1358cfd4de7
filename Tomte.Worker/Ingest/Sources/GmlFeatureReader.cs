using System.Runtime.CompilerServices;

namespace Tomte.Worker.Ingest.Sources;

/// <summary>
/// A GML 3.2 file (SOSI Kommuneplan / Reguleringsplan 20190401, or a saved WFS response), streamed feature by
/// feature. A file holds several feature types (KpOmråde, KpArealformålOmråde, hensynssoner...); every feature
/// carries its type, and the load's <see cref="FeatureTypeFilter"/> picks, so the file is read once whatever it holds.
/// </summary>
public sealed class GmlFeatureReader : IFeatureSource
{
    private readonly string _path;

    public GmlFeatureReader(string path) => _path = Path.GetFullPath(path);

    public string Description => _path;

    public async IAsyncEnumerable<SourceFeature> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = FileSources.OpenRead(_path, bufferSize: 1 << 16);
        await using (stream.ConfigureAwait(false))
        {
            var parser = new GmlStreamParser(_path, stream, startIndex: 0, fallbackCrs: null);
            foreach (var feature in parser.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return feature;
            }
        }
    }
}
