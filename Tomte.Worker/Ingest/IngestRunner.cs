using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;
using Npgsql;
using Tomte.Worker.Ingest.Sources;

namespace Tomte.Worker.Ingest;

/// <summary>
/// <c>tomte ingest</c>: each configured dataset for each kommune from its service (OGC API Features or WFS),
/// borders first because the other datasets select a kommune by its border's bounding box.
/// </summary>
public sealed class IngestRunner(DatasetLoader loader, FeatureServices services, NpgsqlDataSource dataSource, IOptions<IngestOptions> options, ILogger<IngestRunner> logger)
{
    /// <param name="Error">What went wrong, whole: the verb prints its message, the job keeps it as its cause.</param>
    public sealed record Failure(string Dataset, string? Kommunenummer, Exception Error)
    {
        public string Reason => Error.Message;
    }

    public sealed record Outcome(IReadOnlyList<LoadResult> Loads, IReadOnlyList<Failure> Failures);

    /// <param name="kommuner">Empty = <c>Tomte:Ingest:Kommuner</c> (the pilot kommuner by default).</param>
    /// <param name="datasets">Empty = every enabled dataset under <c>Tomte:Ingest:Datasets</c>.</param>
    /// <param name="report">Called after each load, for progress output.</param>
    public async Task<Outcome> RunAsync(
        IReadOnlyList<string> kommuner, IReadOnlyList<string> datasets, IProgress<LoadProgress>? progress, Func<LoadResult, Task>? report, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var wanted = kommuner.Count == 0 ? settings.EffectiveKommuner : kommuner;
        foreach (var kommune in wanted)
        {
            if (!Kommuner.IsWellFormed(kommune))
            {
                throw new UnknownKommuneException(kommune, "er ikke et kommunenummer (fire siffer med et fylke fra 2024, f.eks. 3218)");
            }
        }
        var chosen = new List<(Dataset Dataset, DatasetSourceOptions Source)>();
        foreach (var name in datasets.Count == 0 ? settings.Datasets.Where(d => d.Value.Enabled).Select(d => d.Key) : datasets)
        {
            var dataset = Datasets.Find(name);
            if (!settings.Datasets.TryGetValue(dataset.Name, out var source))
            {
                throw new InvalidOperationException($"datasett {dataset.Name} har ingen tjeneste: sett {IngestOptions.Section}:Datasets:{dataset.Name} (Kind, Endpoint, Collection eller TypeName), eller bruk tomte import --file");
            }
            chosen.Add((dataset, source));
        }
        // Borders first: the other datasets select a kommune by its border.
        chosen.Sort((a, b) => (a.Dataset.Name == "kommune" ? 0 : 1).CompareTo(b.Dataset.Name == "kommune" ? 0 : 1));

        var loads = new List<LoadResult>();
        var failures = new List<Failure>();
        foreach (var (dataset, source) in chosen)
        {
            var perKommune = source.Selection == KommuneSelection.None ? new string?[] { null } : wanted.Cast<string?>();
            foreach (var kommune in perKommune)
            {
                var loading = false;
                try
                {
                    var feed = await SourceAsync(dataset, source, kommune, cancellationToken);
                    loading = true;
                    var result = await loader.LoadAsync(new LoadRequest(dataset, feed, source.ServiceKind, kommune, AllowEmpty: true, FeatureTypes: TypesOf(source)), progress, cancellationToken);
                    loading = false;
                    loads.Add(result);
                    if (report is not null)
                    {
                        await report(result);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One broken service or kommune must not stop the others; the verb fails at the end.
                    // A failed load has logged its exception already.
                    if (!loading)
                    {
                        logger.IngestLoadFailed(dataset.Name, kommune ?? "*", ex);
                    }
                    failures.Add(new Failure(dataset.Name, kommune, ex));
                }
            }
        }
        return new Outcome(loads, failures);
    }

    private async Task<IFeatureSource> SourceAsync(Dataset dataset, DatasetSourceOptions source, string? kommune, CancellationToken cancellationToken)
    {
        Envelope? bbox = null;
        var selection = source.Selection;
        if (kommune is not null && selection != KommuneSelection.None)
        {
            bbox = await BorderBoxAsync(kommune, cancellationToken);
            if (bbox is null && selection == KommuneSelection.Bbox)
            {
                throw new InvalidOperationException(
                    $"{dataset.Name} {kommune}: kommunegrensen mangler i ref.kommune, og datasettet velger kommune etter den; last inn grensene først (tomte import kommune --file ..., eller {IngestOptions.Section}:Datasets:kommune)");
            }
        }
        IFeatureSource feed = source.ServiceKind switch
        {
            SourceKind.OgcApi => services.OgcApi(source.Endpoint, new OgcApiFeaturesQuery(source.Collection!)
            {
                ServicePath = source.ServicePath,
                Kommunenummer = selection == KommuneSelection.Property ? kommune : null,
                KommunenummerProperty = source.KommunenummerProperty,
                Bbox = bbox,
            }),
            SourceKind.File => services.Download(source.Endpoint, source.Layer),
            SourceKind.Nvdb => services.Nvdb(source.Endpoint, new NvdbQuery(selection == KommuneSelection.None ? null : kommune)),
            _ => services.Wfs(source.Endpoint, WfsKommuneFilter.Query(source, kommune, bbox)),
        };
        return services.Configured(feed, source);
    }

    // A WFS (and NVDB's vegnett) answers with the one type the configured TypeName asked for, whatever the dataset calls it.
    private static FeatureTypeFilter? TypesOf(DatasetSourceOptions source) =>
        source.ServiceKind is SourceKind.Wfs or SourceKind.Nvdb ? FeatureTypeFilter.Any : null;

    private async Task<Envelope?> BorderBoxAsync(string kommune, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom) FROM ref.kommune WHERE kommunenummer = $1 AND geom IS NOT NULL");
        command.Parameters.AddWithValue(kommune);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Envelope(reader.GetDouble(0), reader.GetDouble(2), reader.GetDouble(1), reader.GetDouble(3))
            : null;
    }
}
