using System.Text.Json;

namespace Tomte.Worker.Ingest.Sources;

/// <summary>
/// Resolves the plan references of SOSI Reguleringsplanforslag 5.0 (DiBK's plan proposal format) within one GML file.
/// In 5.0 a plan's identity (kommunenummer, planidentifikasjon) and its plan-level attributes (plannavn, plantype,
/// planstatus, ...) sit only on the geometry-less <c>Arealplan</c>; an <c>RpOmråde</c> points at it with
/// <c>arealplan xlink:href="#id"</c>, an <c>RpArealformålOmråde</c> or hensynssone at its RpOmråde with
/// <c>planområde</c>, and an <c>RpRegulertTerreng</c> at its <c>RpBestemmelseOmråde</c> with <c>bestemmelseOmråde</c>.
/// A feature without an identity of its own gets its plan's, under the names the 4.x formats use
/// (<c>arealplanId.kommunenummer</c>, <c>arealplanId.planidentifikasjon</c>, <c>planstatus</c>), so the datasets map
/// 5.0 files like any other.
/// </summary>
/// <remarks>
/// Streaming, with memory bounded by the number of plans, never by the number of features: the resolver keeps each
/// Arealplan's identity and, for the features others point through (RpOmråde, RpBestemmelseOmråde), the id they point
/// at. Delivered files put the Arealplan first, so one pass resolves everything. A reference forward (to an object
/// further down the file) makes the resolver read the file once more from its start, skipping every geometry, to
/// collect those identities and links; the main pass then goes on where it was. Nothing is buffered, whatever the
/// order. A reference that still leads to no Arealplan (or into another file) is an error naming the feature and the href,
/// raised when a load maps that feature (<see cref="FeatureMapper.UnresolvedReference"/>).
/// </remarks>
internal sealed class GmlPlanReferences(Func<IEnumerable<SourceFeature>>? rescan)
{
    /// <summary>The properties that point from a feature towards its plan, in the order they are followed.</summary>
    private static readonly string[] UpwardProperties = ["arealplan", "planområde", "bestemmelseOmråde"];

    /// <summary>Feature types that other features reach their plan through.</summary>
    private static readonly string[] LinkTypes = ["RpOmråde", "RpBestemmelseOmråde"];

    /// <summary>Plan-level attributes a feature takes from its Arealplan when it has none of its own.</summary>
    private static readonly string[] PlanAttributes = ["plannavn", "plantype", "planstatus", "ikrafttredelsesdato", "vedtakEndeligPlanDato", "lovreferanse"];

    private const string PlanType = "Arealplan";
    private const string KommuneKey = "arealplanId.kommunenummer";
    private const string PlanIdKey = "arealplanId.planidentifikasjon";

    // Longer than any real chain (terrain → bestemmelse → planområde → Arealplan); a cycle stops here.
    private const int MaxHops = 6;

    private readonly Dictionary<string, Dictionary<string, object?>> _plans = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _links = new(StringComparer.Ordinal);
    private bool _complete;

    /// <summary>How many times the file was read ahead for a forward reference (0 or 1).</summary>
    public int Rescans { get; private set; }

    public IEnumerable<SourceFeature> Resolve(IEnumerable<SourceFeature> features)
    {
        foreach (var feature in features)
        {
            if (!_complete)
            {
                Record(feature);
            }
            yield return Resolve(feature);
        }
    }

    private void Record(SourceFeature feature)
    {
        if (feature.Id is not { } id)
        {
            return;
        }
        if (feature.FeatureType == PlanType)
        {
            _plans[id] = Identity(feature);
            // An Arealplan lists its RpOmråde too; an RpOmråde without its own arealplan reference is reached that way.
            foreach (var area in Hrefs(feature.Properties.GetValueOrDefault("rpOmråde")))
            {
                if (Local(area) is { } areaId)
                {
                    _links.TryAdd(areaId, id);
                }
            }
            return;
        }
        if (LinkTypes.Contains(feature.FeatureType) && Upward(feature) is { Href: var href } && Local(href) is { } target)
        {
            _links[id] = target;
        }
    }

    private SourceFeature Resolve(SourceFeature feature)
    {
        if (feature.FeatureType == PlanType || HasOwnIdentity(feature))
        {
            return feature;
        }
        var upward = Upward(feature);
        var start = upward is { Href: var href } ? Local(href) : feature.Id is { } id && _links.ContainsKey(id) ? id : null;
        if (upward is null && start is null)
        {
            return feature;
        }
        if (start is null)
        {
            return Unresolved(feature,
                $"its {upward!.Value.Property} xlink:href '{upward.Value.Href}' points into another file; Tomte resolves references within one file, so the plan's kommunenummer and planidentifikasjon are unknown");
        }
        var plan = Find(start);
        if (plan is null && !_complete && rescan is not null)
        {
            ReadAhead();
            plan = Find(start);
        }
        if (plan is null)
        {
            var what = upward is { } u ? $"its {u.Property} xlink:href '{u.Href}'" : $"the Arealplan listing it as rpOmråde";
            return Unresolved(feature, $"{what} leads to no Arealplan in this file (a dangling reference), so the plan's kommunenummer and planidentifikasjon are unknown");
        }
        var properties = new Dictionary<string, object?>(feature.Properties, StringComparer.Ordinal);
        foreach (var (key, value) in plan)
        {
            if (value is not null && FeatureMapper.FirstValue(feature, [key]) is null)
            {
                properties[key] = value;
            }
        }
        return feature with { Properties = properties };
    }

    // The error waits for the mapper: only a load that takes this feature fails (naming it); one that takes other types
    // of the same file is not refused for it.
    private static SourceFeature Unresolved(SourceFeature feature, string reason) =>
        feature with { Properties = new Dictionary<string, object?>(feature.Properties, StringComparer.Ordinal) { [FeatureMapper.UnresolvedReference] = reason } };

    private Dictionary<string, object?>? Find(string id)
    {
        for (var hop = 0; hop < MaxHops; hop++)
        {
            if (_plans.TryGetValue(id, out var plan))
            {
                return plan;
            }
            if (!_links.TryGetValue(id, out var next))
            {
                return null;
            }
            id = next;
        }
        return null;
    }

    // The whole file once, geometry skipped: every Arealplan and link, wherever it stands.
    private void ReadAhead()
    {
        Rescans++;
        foreach (var feature in rescan!())
        {
            Record(feature);
        }
        _complete = true;
    }

    private static bool HasOwnIdentity(SourceFeature feature) =>
        FeatureMapper.FirstValue(feature, [KommuneKey, "kommunenummer"]) is not null
        && FeatureMapper.FirstValue(feature, [PlanIdKey, "planidentifikasjon"]) is not null;

    /// <summary>The first reference towards the plan a feature carries.</summary>
    private static (string Property, string Href)? Upward(SourceFeature feature)
    {
        foreach (var property in UpwardProperties)
        {
            if (Hrefs(feature.Properties.GetValueOrDefault(property)).FirstOrDefault() is { } href)
            {
                return (property, href);
            }
        }
        return null;
    }

    /// <summary>An href's target id when it points within the file (<c>#id</c>); null for another file's object.</summary>
    private static string? Local(string href) => href.StartsWith('#') && href.Length > 1 ? href[1..] : null;

    // The parser writes an empty element's xlink:href as its value; a repeated property arrives as a JSON list.
    private static IEnumerable<string> Hrefs(object? value)
    {
        if (value is not string text || text.Length == 0)
        {
            yield break;
        }
        if (text[0] != '[')
        {
            yield return text;
            yield break;
        }
        string?[]? items;
        try
        {
            items = JsonSerializer.Deserialize<string?[]>(text);
        }
        catch (JsonException)
        {
            yield break;
        }
        foreach (var item in items ?? [])
        {
            if (!string.IsNullOrEmpty(item))
            {
                yield return item;
            }
        }
    }

    // 5.0 nests the kommune as nasjonalArealplanId/NasjonalArealplanId/administrativEnhet/AdministrativEnhetskode/kommunenummer
    // (some test files name the first level arealplanId).
    private static Dictionary<string, object?> Identity(SourceFeature plan)
    {
        var identity = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [KommuneKey] = Nested(plan, ".kommunenummer"),
            [PlanIdKey] = Nested(plan, ".planidentifikasjon"),
        };
        foreach (var attribute in PlanAttributes)
        {
            identity[attribute] = FeatureMapper.FirstValue(plan, [attribute]);
        }
        return identity;
    }

    private static object? Nested(SourceFeature plan, string suffix)
    {
        foreach (var (key, value) in plan.Properties)
        {
            if ((key.StartsWith("nasjonalArealplanId.", StringComparison.Ordinal) || key.StartsWith("arealplanId.", StringComparison.Ordinal))
                && key.EndsWith(suffix, StringComparison.Ordinal) && value is not null)
            {
                return value;
            }
        }
        return null;
    }
}
