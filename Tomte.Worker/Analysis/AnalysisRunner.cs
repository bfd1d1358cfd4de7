using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Tomte.Worker.Ingest;

namespace Tomte.Worker.Analysis;

/// <summary>
/// One analysis run: finds the kommuner whose inputs (loads in ingest.load) or settings changed since their last
/// analysis, analyses them a few at a time, and records the run. A kommune that fails keeps its previous result;
/// the others go on.
/// </summary>
public sealed class AnalysisRunner(
    NpgsqlDataSource dataSource,
    KommuneAnalysis kommuneAnalysis,
    IOptions<AnalysisOptions> options,
    TimeProvider time,
    ILogger<AnalysisRunner> logger)
{
    /// <summary>Datasets every kommune's analysis reads whatever kommune they were loaded for (shares and distances near borders).</summary>
    private static readonly string[] SharedTables = ["ref.constraint_area", "ref.stop_place"];

    /// <summary>
    /// Datasets the analysis reads by location, not by kommune: a plan, zone, notice or parcel loaded for a neighbour
    /// may reach across the border into the kommune's housing land (subtracting, flagging, counting), and the nearest
    /// public road may lie across it, so a load of them for a neighbouring kommune counts as an input change too.
    /// </summary>
    private static readonly string[] NeighbourTables = ["plan.rp_planomrade", "plan.planlegging_igangsatt", "plan.hensynssone", "ref.teig", "ref.road"];

    public sealed record Failure(string Kommunenummer, string Reason);

    public sealed record Outcome(long RunId, IReadOnlyList<KommuneAnalysis.Result> Analysed, IReadOnlyList<string> Unchanged, IReadOnlyList<Failure> Failures, TimeSpan Duration);

    /// <param name="kommuner">Kommuner to analyse; empty = every kommune with kommuneplan data or earlier sites.</param>
    /// <param name="onResult">Called as each kommune finishes (progress), one call at a time.</param>
    public async Task<Outcome> RunAsync(
        IReadOnlyList<string> kommuner, Func<KommuneAnalysis.Result, Task>? onResult, Func<Failure, Task>? onFailure, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        foreach (var kommune in kommuner)
        {
            if (!Kommuner.IsWellFormed(kommune))
            {
                throw new AnalysisInputException($"'{kommune}' er ikke et kommunenummer (fire sifre, f.eks. 3218)");
            }
        }
        var selected = kommuner.Count > 0 ? kommuner.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray() : await KommunerWithDataAsync(cancellationToken);
        if (selected.Length == 0)
        {
            throw new AnalysisInputException(
                "ingen kommuneplandata er lastet inn (plan.kp_arealformal og plan.kp_planomrade er tomme); kjør tomte ingest eller tomte import først");
        }

        var settingsFingerprint = options.Value.Fingerprint();
        var states = await StatesAsync(selected, settingsFingerprint, cancellationToken);
        // Largest kommuner first: with the small ones last, the connections finish close together instead of one
        // large kommune running alone at the end while the other cores idle.
        var todo = states.Where(s => s.Fingerprint != s.PreviousFingerprint)
            .OrderByDescending(s => s.Polygons).ThenBy(s => s.Kommunenummer, StringComparer.Ordinal).ToArray();
        var unchanged = states.Where(s => s.Fingerprint == s.PreviousFingerprint).Select(s => s.Kommunenummer).ToArray();
        foreach (var kommune in unchanged)
        {
            logger.KommuneUnchanged(kommune, settingsFingerprint);
        }

        var runId = await StartRunAsync(todo.Length, cancellationToken);
        logger.RunStarted(runId, todo.Length, unchanged.Length);
        if (todo.Length == 0)
        {
            logger.NothingChanged(unchanged.Length);
            await FinishRunAsync(runId, "unchanged", 0, null);
            return new Outcome(runId, [], unchanged, [], stopwatch.Elapsed);
        }

        var analysed = new ConcurrentBag<KommuneAnalysis.Result>();
        var failures = new ConcurrentBag<Failure>();
        using var report = new SemaphoreSlim(1, 1);
        await Parallel.ForEachAsync(todo,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.EffectiveParallellitet, CancellationToken = cancellationToken },
            async (state, ct) =>
            {
                try
                {
                    var result = await kommuneAnalysis.RunAsync(
                        new KommuneAnalysis.Input(state.Kommunenummer, runId, state.Fingerprint, state.InputLoadId, state.PreviousInputLoadId), ct);
                    analysed.Add(result);
                    logger.KommuneAnalysed(result.Kommunenummer, result.Sites, result.Ny, result.Endret, result.Uendret, result.Regulert, result.Borte,
                        (long)result.Duration.TotalMilliseconds);
                    await ReportAsync(report, onResult is null ? null : () => onResult(result), ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.KommuneFailed(state.Kommunenummer, ex);
                    var failure = new Failure(state.Kommunenummer, ex is AnalysisInputException ? ex.Message : $"kommune {state.Kommunenummer}: {ex.Message}");
                    failures.Add(failure);
                    await ReportAsync(report, onFailure is null ? null : () => onFailure(failure), ct);
                }
            });

        var failed = failures.OrderBy(f => f.Kommunenummer, StringComparer.Ordinal).ToArray();
        await FinishRunAsync(runId, failed.Length == 0 ? "succeeded" : "failed", analysed.Count, failed.FirstOrDefault()?.Reason);
        logger.RunFinished(runId, analysed.Count, failed.Length, stopwatch.ElapsedMilliseconds);
        return new Outcome(runId, analysed.OrderBy(r => r.Kommunenummer, StringComparer.Ordinal).ToArray(), unchanged, failed, stopwatch.Elapsed);
    }

    private static async Task ReportAsync(SemaphoreSlim gate, Func<Task>? report, CancellationToken cancellationToken)
    {
        if (report is null)
        {
            return;
        }
        await gate.WaitAsync(cancellationToken);
        try
        {
            await report();
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Kommune names from the loaded borders, for progress lines.</summary>
    public async Task<IReadOnlyDictionary<string, string>> KommuneNamesAsync(CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand("SELECT kommunenummer, navn FROM ref.kommune");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names[reader.GetString(0)] = reader.GetString(1);
        }
        return names;
    }

    private async Task<string[]> KommunerWithDataAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT kommunenummer FROM plan.kp_arealformal
            UNION SELECT kommunenummer FROM plan.kp_planomrade
            UNION SELECT kommunenummer FROM analysis.kommune_state
            ORDER BY 1
            """;
        var result = new List<string>();
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(reader.GetString(0));
        }
        return result.ToArray();
    }

    private sealed record State(string Kommunenummer, string Fingerprint, long InputLoadId, string? PreviousFingerprint, long PreviousInputLoadId, long Polygons);

    /// <summary>
    /// A kommune's input fingerprint: its newest successful load, the newest load of the shared datasets, the newest
    /// load of the location-read datasets for a neighbouring kommune, and the settings. Neighbours are kommuner whose
    /// border boxes meet (a superset of those sharing a border; cheap, and a few extra re-analyses are harmless); when
    /// either border is not loaded, the load counts. Loads that found the source unchanged swap nothing and do not count.
    /// </summary>
    private async Task<IReadOnlyList<State>> StatesAsync(string[] kommuner, string settingsFingerprint, CancellationToken cancellationToken)
    {
        var shared = Datasets.All.Where(d => SharedTables.Contains(d.Table)).Select(d => d.Name).ToArray();
        var neighbourly = Datasets.All.Where(d => NeighbourTables.Contains(d.Table)).Select(d => d.Name).ToArray();
        const string sql = """
            WITH latest AS (
                SELECT dataset, kommunenummer, max(load_id) AS load_id FROM ingest.load WHERE outcome = 'loaded' GROUP BY dataset, kommunenummer
            ),
            neighbour AS (
                SELECT a.kommunenummer AS kommune, b.kommunenummer AS neighbour
                FROM ref.kommune a JOIN ref.kommune b ON a.geom && b.geom AND a.kommunenummer <> b.kommunenummer
            )
            SELECT k.kommunenummer,
                   (SELECT coalesce(max(l.load_id), 0) FROM latest l WHERE l.kommunenummer = k.kommunenummer),
                   (SELECT coalesce(max(l.load_id), 0) FROM latest l
                    WHERE l.dataset = ANY(@shared)
                       OR (l.dataset = ANY(@neighbourly) AND l.kommunenummer <> k.kommunenummer
                           AND (EXISTS (SELECT 1 FROM neighbour n WHERE n.kommune = k.kommunenummer AND n.neighbour = l.kommunenummer)
                                OR NOT EXISTS (SELECT 1 FROM ref.kommune r WHERE r.kommunenummer = k.kommunenummer)
                                OR NOT EXISTS (SELECT 1 FROM ref.kommune r WHERE r.kommunenummer = l.kommunenummer)))),
                   s.input_fingerprint, coalesce(s.input_load_id, 0),
                   (SELECT count(*) FROM plan.kp_arealformal a WHERE a.kommunenummer = k.kommunenummer)
            FROM unnest(@kommuner) AS k(kommunenummer)
            LEFT JOIN analysis.kommune_state s ON s.kommunenummer = k.kommunenummer
            ORDER BY k.kommunenummer
            """;
        var states = new List<State>();
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("kommuner", NpgsqlDbType.Array | NpgsqlDbType.Char, kommuner);
        command.Parameters.AddWithValue("shared", shared);
        command.Parameters.AddWithValue("neighbourly", neighbourly);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (own, others) = (reader.GetInt64(1), reader.GetInt64(2));
            var fingerprint = $"{own}/{others}/{settingsFingerprint}";
            // The newest load this analysis sees: the next run looks for plans adopted after it (regulert).
            states.Add(new State(reader.GetString(0), fingerprint, Math.Max(own, others), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt64(4), reader.GetInt64(5)));
        }
        return states;
    }

    private async Task<long> StartRunAsync(int kommuner, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO analysis.run (started_at, kommuner_total) VALUES (@now, @total) RETURNING run_id");
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        command.Parameters.AddWithValue("total", kommuner);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task FinishRunAsync(long runId, string outcome, int done, string? error)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE analysis.run SET finished_at = @now, outcome = @outcome, kommuner_done = @done, error = @error WHERE run_id = @run");
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        command.Parameters.AddWithValue("outcome", outcome);
        command.Parameters.AddWithValue("done", done);
        command.Parameters.AddWithValue("error", (object?)error ?? DBNull.Value);
        command.Parameters.AddWithValue("run", runId);
        // The run's record must be written even when the run was cancelled.
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
