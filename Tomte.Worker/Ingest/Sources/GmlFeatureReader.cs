using System.Runtime.CompilerServices;

namespace Tomte.Worker.Ingest.Sources;

/// <summary>
/// A GML 3.2 file (SOSI Kommuneplan / Reguleringsplan 20190401, or a saved WFS response), streamed feature by
/// feature. A file holds several feature types (KpOmråde, KpArealformålOmråde, hensynssoner...); every feature
/// carries its type, and the load's <see cref="FeatureTypeFilter"/> picks, so the file is read once whatever it holds.
/// SOSI 5.0 plan references (<c>xlink:href</c> to the Arealplan) are resolved on the way (<see cref="GmlPlanReferences"/>).
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
            var references = new GmlPlanReferences(ReadAhead);
            foreach (var feature in references.Resolve(parser.Read()))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return feature;
            }
        }
    }

    // A SOSI 5.0 reference forward in the file: the same file once more, from the start and without geometry.
    private IEnumerable<SourceFeature> ReadAhead()
    {
        using var stream = FileSources.OpenRead(_path, bufferSize: 1 << 16);
        foreach (var feature in new GmlStreamParser(_path, stream, startIndex: 0, fallbackCrs: null, skipGeometry: true).Read())
        {
            yield return feature;
        }
    }
}
