using Tomte.Worker.Ingest.Sources;

namespace Tomte.Tests.Ingest.Sources;

/// <summary>
/// Settings that point every default service (<see cref="DefaultServices"/>, NAP and Teig) at a loopback server,
/// keeping each service's path, so that a test running <c>tomte ingest</c> with the default datasets never reaches
/// a real host.
/// </summary>
internal static class LoopbackSources
{
    public static Dictionary<string, string?> Settings(Uri server, string downloadDirectory)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Tomte:Sources:Nap:BaseUrl"] = server.AbsoluteUri,
            ["Tomte:Sources:Teig:BaseUrl"] = new Uri(server, "skwms1/wfs.matrikkelen-eiendomskart-teig").AbsoluteUri,
            ["Tomte:Sources:DownloadDirectory"] = downloadDirectory,
            ["Tomte:Sources:Http:MaxRetries"] = "1",
            ["Tomte:Sources:Http:RetryDelay"] = "00:00:00.001",
        };
        foreach (var (name, endpoint) in DefaultServices.Endpoints())
        {
            settings[$"Tomte:Sources:Endpoints:{name}:BaseUrl"] = OnLoopback(server, endpoint.BaseUrl);
        }
        return settings;
    }

    /// <summary>The service's own path on the loopback server: <c>https://api.ra.no/</c> becomes the server's root.</summary>
    public static string OnLoopback(Uri server, string url) => new Uri(server, new Uri(url).AbsolutePath.TrimStart('/')).AbsoluteUri;
}
