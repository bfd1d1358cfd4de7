using System.Net;
using NetTopologySuite.Geometries;

namespace Tomte.Worker.Ingest;

/// <summary>
/// One feature as a source delivered it, before it is mapped onto a dataset table.
/// </summary>
/// <param name="Index">0-based position in the source (file or whole paged response), for error messages.</param>
/// <param name="Id">The source's own id (GeoJSON <c>id</c>, <c>gml:id</c>, GeoPackage fid), when it has one.</param>
/// <param name="Geometry">
/// The geometry in the source's CRS, with <see cref="Geometry.SRID"/> set to the EPSG code the source declared
/// (0 when it declared none). The loader transforms to EPSG:25833 and repairs invalid geometry in PostGIS.
/// </param>
/// <param name="Properties">
/// Attributes flattened to dotted paths as DiBK's API names them (<c>arealplanId.kommunenummer</c>,
/// <c>planstatus</c>); values are <see cref="string"/>, <see cref="long"/>, <see cref="double"/>,
/// <see cref="bool"/> or null. Dates stay ISO-8601 strings.
/// </param>
/// <param name="FeatureType">
/// The feature type the source names (a GML member's element local name, e.g. <c>KpFareSone</c>); null when the
/// source has one type only. <see cref="FeatureTypeFilter"/> decides from it which features a dataset takes.
/// </param>
public sealed record SourceFeature(long Index, string? Id, Geometry? Geometry, IReadOnlyDictionary<string, object?> Properties, string? FeatureType = null);

/// <summary>Anything that yields features: a file reader or a paging HTTP client. Reading streams; nothing is held whole.</summary>
public interface IFeatureSource
{
    /// <summary>Where the features come from (a URL without credentials, or a file path), for load records and errors.</summary>
    string Description { get; }

    IAsyncEnumerable<SourceFeature> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>
/// A source that cannot be read as promised. The message always names the source, the feature
/// (<see cref="FeatureLabel"/>) when there is one, and the reason, so an operator can find the bad record.
/// </summary>
public sealed class SourceFormatException : Exception
{
    /// <param name="feature">The feature's <see cref="FeatureLabel"/>, when the error is about one.</param>
    public SourceFormatException(string source, string? feature, string reason, Exception? inner = null)
        : base(feature is null ? $"{source}: {reason}" : $"{source}: feature {feature}: {reason}", inner)
    {
        SourceName = source;
        Feature = feature;
        Reason = reason;
    }

    /// <summary>A service's refusal: the HTTP status it answered with (a client error, 4xx), as <paramref name="status"/>.</summary>
    public SourceFormatException(string source, HttpStatusCode status, string reason)
        : this(source, null, reason)
    {
        Status = status;
    }

    public SourceFormatException()
    {
        SourceName = Reason = "";
    }

    public SourceFormatException(string message) : base(message)
    {
        SourceName = Reason = "";
    }

    public SourceFormatException(string message, Exception innerException) : base(message, innerException)
    {
        SourceName = Reason = "";
    }

    public string SourceName { get; }

    public string? Feature { get; }

    public string Reason { get; }

    /// <summary>The HTTP status of a service that refused the request; null for errors in the data itself.</summary>
    public HttpStatusCode? Status { get; }
}
