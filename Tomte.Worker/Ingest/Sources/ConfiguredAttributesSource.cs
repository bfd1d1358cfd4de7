using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tomte.Worker.Ingest.Sources;

/// <summary>
/// A service's features as the dataset should see them (<c>Tomte:Ingest:Datasets:*:Where</c> and <c>Attributes</c>):
/// only those whose attribute holds one of the listed values (AR5 arealtype 21/22/23 for dyrka mark), with their
/// attributes renamed onto the dataset's keys and nothing else passed on. Features keep their index and id, so an
/// error still points at the position in the service's answer.
/// </summary>
public sealed class ConfiguredAttributesSource : IFeatureSource
{
    private readonly IFeatureSource _inner;
    private readonly IReadOnlyDictionary<string, string> _attributes;
    private readonly IReadOnlyDictionary<string, HashSet<string>> _where;
    private readonly ILogger _logger;

    /// <param name="attributes">Dataset key → service attribute; empty passes every attribute through unchanged.</param>
    /// <param name="where">Service attribute → the values a kept feature may hold; empty keeps every feature.</param>
    public ConfiguredAttributesSource(IFeatureSource inner, IReadOnlyDictionary<string, string> attributes, IReadOnlyDictionary<string, List<string>> where, ILogger? logger = null)
    {
        _inner = inner;
        _attributes = attributes;
        _where = where.ToDictionary(w => w.Key, w => new HashSet<string>(w.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        _logger = logger ?? NullLogger.Instance;
    }

    public string Description => _inner.Description;

    /// <summary>The source itself when the dataset configures neither attributes nor a filter.</summary>
    public static IFeatureSource Wrap(IFeatureSource source, DatasetSourceOptions options, ILogger? logger = null) =>
        options.Attributes.Count == 0 && options.Where.Count == 0
            ? source
            : new ConfiguredAttributesSource(source, options.Attributes, options.Where, logger);

    public async IAsyncEnumerable<SourceFeature> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long read = 0;
        long kept = 0;
        await foreach (var feature in _inner.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            read++;
            if (!Matches(feature))
            {
                continue;
            }
            kept++;
            // The configured layer is the dataset's by choice: its own type name (naturvern_omrade) must not make the
            // feature-type filter refuse it.
            yield return _attributes.Count == 0 ? feature : feature with { Properties = Renamed(feature), FeatureType = null };
        }
        if (_where.Count > 0)
        {
            _logger.WhereFiltered(Description, kept, read);
        }
    }

    private bool Matches(SourceFeature feature)
    {
        foreach (var (attribute, values) in _where)
        {
            if (!feature.Properties.TryGetValue(attribute, out var value) || value is null
                || !values.Contains(Convert.ToString(value, CultureInfo.InvariantCulture)!.Trim()))
            {
                return false;
            }
        }
        return true;
    }

    private Dictionary<string, object?> Renamed(SourceFeature feature)
    {
        var properties = new Dictionary<string, object?>(_attributes.Count, StringComparer.Ordinal);
        foreach (var (target, attribute) in _attributes)
        {
            if (feature.Properties.TryGetValue(attribute, out var value))
            {
                properties[target] = value;
            }
        }
        return properties;
    }
}
