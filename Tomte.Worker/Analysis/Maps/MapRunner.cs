using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Tomte.Worker.Analysis.Maps;

/// <summary>
/// Draws the map of every current site whose map inputs changed (<see cref="MapInputs.HashesAsync"/>) and stores it
/// in analysis.tomt_kart, from where the Airtable sync uploads it. A re-run with nothing changed draws nothing.
/// </summary>
public sealed class MapRunner(NpgsqlDataSource dataSource, MapInputs inputs, IOptions<MapOptions> options, TimeProvider time, ILogger<MapRunner> logger)
{
    public sealed record Outcome(int Rendered, int Unchanged, TimeSpan Duration);

    /// <param name="kommuner">Kommuner whose sites to draw; empty = all.</param>
    public async Task<Outcome> RunAsync(IReadOnlyList<string> kommuner, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var hashes = await inputs.HashesAsync(kommuner, cancellationToken);
        var todo = hashes.Where(h => h.Changed).ToArray();
        var rendered = new ConcurrentBag<string>();
        var settings = options.Value;
        await Parallel.ForEachAsync(todo,
            new ParallelOptions { MaxDegreeOfParallelism = settings.Parallellitet, CancellationToken = cancellationToken },
            async (site, ct) =>
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                var scene = await inputs.SceneAsync(connection, site.TomteId, ct);
                if (scene is null)
                {
                    // Gone between the hash and the drawing (a concurrent analysis); the next run catches up.
                    return;
                }
                var png = MapRenderer.Render(scene, settings.Bredde, settings.Hoyde);
                await MapInputs.StoreAsync(connection, site.TomteId, site.Hash, png, time.GetUtcNow(), ct);
                logger.MapRendered(site.TomteId, scene.Features.Count, png.Length);
                rendered.Add(site.TomteId);
                progress?.Report((rendered.Count, todo.Length));
            });
        logger.MapsRendered(rendered.Count, hashes.Count - todo.Length, stopwatch.ElapsedMilliseconds);
        return new Outcome(rendered.Count, hashes.Count - todo.Length, stopwatch.Elapsed);
    }

    /// <summary>The stored map of one site, or null when none has been drawn.</summary>
    public async Task<byte[]?> PngAsync(string tomteId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT png FROM analysis.tomt_kart WHERE tomte_id = @id");
        command.Parameters.AddWithValue("id", tomteId);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }
}
