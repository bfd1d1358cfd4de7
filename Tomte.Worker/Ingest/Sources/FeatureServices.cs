using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tomte.Worker.Ingest.Sources;

/// <summary>Makes feature sources for the configured services (<c>Tomte:Sources:*</c>), each with the resilient HttpClient.</summary>
public sealed class FeatureServices(IHttpClientFactory clients, IOptions<SourcesOptions> options, ILoggerFactory loggers, TimeProvider time)
{
    /// <param name="endpoint"><c>Nap</c>, <c>Teig</c> or a name under <c>Tomte:Sources:Endpoints</c>.</param>
    public OgcApiFeaturesSource OgcApi(string endpoint, OgcApiFeaturesQuery query) =>
        new(clients.CreateClient(SourcesServiceCollectionExtensions.HttpClientName), options.Value.Endpoint(endpoint), query, loggers.CreateLogger<OgcApiFeaturesSource>(), options.Value.Http, time);

    /// <param name="endpoint"><c>Teig</c>, <c>Nap</c> or a name under <c>Tomte:Sources:Endpoints</c>.</param>
    public WfsSource Wfs(string endpoint, WfsQuery query) =>
        new(clients.CreateClient(SourcesServiceCollectionExtensions.HttpClientName), options.Value.Endpoint(endpoint), query, loggers.CreateLogger<WfsSource>(), options.Value.Http, time);

    /// <param name="endpoint">A name under <c>Tomte:Sources:Endpoints</c> whose BaseUrl is the file to download (zipped or not).</param>
    /// <param name="layer">The zip entry to read when it holds several, or the feature type / table inside the file.</param>
    public DownloadSource Download(string endpoint, string? layer = null) =>
        new(clients.CreateClient(SourcesServiceCollectionExtensions.HttpClientName), options.Value.Endpoint(endpoint), layer,
            DownloadSource.DirectoryFor(options.Value), loggers.CreateLogger<DownloadSource>(), options.Value.Http, time);

    /// <param name="endpoint">A name under <c>Tomte:Sources:Endpoints</c> (<c>Nvdb</c> by default): NVDB API Les.</param>
    public NvdbVegnettSource Nvdb(string endpoint, NvdbQuery query) =>
        new(clients.CreateClient(SourcesServiceCollectionExtensions.HttpClientName), options.Value.Endpoint(endpoint), query, loggers.CreateLogger<NvdbVegnettSource>(), options.Value.Http.UserAgent);

    /// <summary>A service's features with the dataset's <c>Where</c> filter and <c>Attributes</c> mapping applied (the source itself when it has neither).</summary>
    public IFeatureSource Configured(IFeatureSource source, DatasetSourceOptions dataset) =>
        ConfiguredAttributesSource.Wrap(source, dataset, loggers.CreateLogger<ConfiguredAttributesSource>());
}
