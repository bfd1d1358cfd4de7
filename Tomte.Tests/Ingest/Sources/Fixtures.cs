using Tomte.Worker.Ingest;

namespace Tomte.Tests.Ingest.Sources;

internal static class Fixtures
{
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([AppContext.BaseDirectory, "Ingest", "Fixtures", .. parts]);

    public static async Task<List<SourceFeature>> ReadAllAsync(IFeatureSource source)
    {
        var features = new List<SourceFeature>();
        await foreach (var feature in source.ReadAsync(CancellationToken.None))
        {
            features.Add(feature);
        }
        return features;
    }
}
