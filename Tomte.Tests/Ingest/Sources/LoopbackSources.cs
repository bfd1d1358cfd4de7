using Microsoft.AspNetCore.Http;
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

    /// <summary>The reguleringsplaner OGC API's queryables, which the loader reads before it filters by kommune.</summary>
    public static Task RpQueryablesAsync(HttpContext context)
    {
        context.Response.ContentType = "application/schema+json";
        return context.Response.WriteAsync("""{"type":"object","properties":{"arealplanId.kommunenummer":{"type":"string"},"planstatus":{"type":"integer"}}}""");
    }

    /// <summary>An OGC API items page as pygeoapi sends it: GeoJSON with its CRS in Content-Crs.</summary>
    public static Task GeoJsonAsync(HttpContext context, string file)
    {
        context.Response.ContentType = "application/geo+json";
        context.Response.Headers["Content-Crs"] = "<http://www.opengis.net/def/crs/EPSG/0/25833>";
        return context.Response.SendFileAsync(file);
    }

    /// <summary>A WFS GetFeature answer (GML 3.2) from a file.</summary>
    public static Task GmlFileAsync(HttpContext context, string file)
    {
        context.Response.ContentType = "application/gml+xml; version=3.2";
        return context.Response.SendFileAsync(file);
    }

    /// <summary>What the OGC API answers for a path it does not serve.</summary>
    public static Task NotFoundAsync(HttpContext context)
    {
        context.Response.StatusCode = 404;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("""{"code":"NotFound","description":"Collection not found"}""");
    }
}
