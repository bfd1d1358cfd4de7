using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Tomte.Worker.Ingest.Ssb;

/// <summary>One row of <c>ssb.kommune_indikator</c> (migration 0040): every value null where SSB has none.</summary>
public sealed record KommuneIndikator(
    string Kommunenummer,
    int? Folketall,
    short? FolketallAr,
    decimal? Vekst5ArPct,
    int? Framskrevet2030,
    int? Framskrevet2040,
    string? FramskrivingTabell,
    int? Boligstart,
    short? BoligstartAr,
    int? MedianInntekt,
    short? InntektAr,
    short? Sentralitet);

/// <summary>
/// <c>tomte ssb</c>: SSB's indicators per kommune into <c>ssb.kommune_indikator</c> — population now and five years
/// back (07459), the newest population projection found by the table search (2030, 2040), housing starts (05940),
/// median household income after tax (06944), and the sentralitet class (Klass 128) — with kommuner renumbered since
/// (Klass 131 changes) folded into their current number. Written in one transaction.
/// </summary>
public sealed class SsbIndicators(
    IHttpClientFactory clients, SsbRateLimiter limiter, SsbCache cache, NpgsqlDataSource dataSource, IOptions<SsbOptions> options,
    IOptions<IngestOptions> ingest, TimeProvider time, ILoggerFactory loggers)
{
    public const string HttpClientName = "ssb";

    private readonly ILogger _logger = loggers.CreateLogger<SsbIndicators>();

    /// <summary>What a run did: the rows written and how many requests SSB got and how many answers came from the cache.</summary>
    public sealed record Outcome(IReadOnlyList<KommuneIndikator> Rows, string FramskrivingTabell, int Requests, int FromCache);

    /// <param name="kommuner">Empty = <c>Tomte:Ssb:Kommuner</c>, else <c>Tomte:Ingest:Kommuner</c>.</param>
    /// <param name="fromDirectory">Answer from recorded bodies in this folder (<see cref="RecordedAnswersHandler"/>) instead of SSB.</param>
    public async Task<Outcome> RunAsync(IReadOnlyList<string> kommuner, string? fromDirectory, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var wanted = kommuner.Count == 0 ? settings.EffectiveKommuner(ingest.Value) : kommuner;
        foreach (var kommune in wanted)
        {
            if (!Kommuner.IsWellFormed(kommune))
            {
                throw new UnknownKommuneException(kommune, "er ikke et kommunenummer (fire siffer med et fylke fra 2024, f.eks. 3218)");
            }
        }
        if (fromDirectory is not null && !Directory.Exists(fromDirectory))
        {
            throw new DirectoryNotFoundException($"mappen {fromDirectory} finnes ikke");
        }
        var http = fromDirectory is null ? clients.CreateClient(HttpClientName) : new HttpClient(new RecordedAnswersHandler(fromDirectory));
        var client = new SsbClient(http, limiter, options, time, loggers.CreateLogger<SsbClient>());
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

        var renumbering = new KommuneRenumbering(await client.ChangesAsync(settings.KommuneKlassifikasjon, settings.EndringerFra, today, cancellationToken));
        var (requests, cached) = (0, 0);
        void Report(SsbTable table, bool fromCache)
        {
            requests += table.Requests + 1;
            cached += table.FromCache;
            if (fromCache)
            {
                _logger.SsbTableCached(table.Id, table.Metadata.Updated, table.FromCache);
            }
            else
            {
                _logger.SsbTableFetched(table.Id, table.Requests, table.Cells, table.Metadata.Updated);
            }
        }

        static IReadOnlyList<string> Last(IReadOnlyList<string> periods, int n) => periods.Skip(Math.Max(0, periods.Count - n)).ToList();
        var population = await SsbTable.ReadAsync(client, cache, settings, settings.FolketallTabell, wanted, renumbering, p => Last(p, 6), null, Report, cancellationToken);
        var projectionId = await NewestProjectionAsync(client, settings, cancellationToken);
        requests++;
        var projection = await SsbTable.ReadAsync(client, cache, settings, projectionId, wanted, renumbering,
            p => p.Where(x => SsbTable.Year(x) is 2030 or 2040).ToList(), settings.FramskrivingAlternativ, Report, cancellationToken);
        var starts = await SsbTable.ReadAsync(client, cache, settings, settings.BoligstartTabell, wanted, renumbering, p => Last(p, 3), settings.BoligstartStatistikk, Report, cancellationToken);
        var income = await SsbTable.ReadAsync(client, cache, settings, settings.InntektTabell, wanted, renumbering, p => Last(p, 3), settings.InntektStatistikk, Report, cancellationToken);
        var sentralitet = await SentralitetAsync(client, settings, today, cancellationToken);
        requests += 2;

        var rows = new List<KommuneIndikator>();
        foreach (var kommune in wanted)
        {
            var timeCodes = population.Metadata.Dimension(population.Time)!.Codes;
            var now = population.Newest(kommune, Last(timeCodes, 6));
            decimal? growth = null;
            if (now is { } n && SsbTable.Year(n.Period) is { } year
                && timeCodes.FirstOrDefault(c => SsbTable.Year(c) == year - 5) is { } thenCode
                && population.Value(kommune, thenCode) is { } then && then > 0)
            {
                growth = Math.Round((decimal)((n.Value - then) / then * 100), 2);
            }
            var projectionTimes = projection.Metadata.Dimension(projection.Time)!.Codes;
            int? Projected(int y) => projectionTimes.FirstOrDefault(c => SsbTable.Year(c) == y) is { } code && projection.Value(kommune, code) is { } v ? (int)Math.Round(v) : null;
            var start = starts.Newest(kommune, Last(starts.Metadata.Dimension(starts.Time)!.Codes, 3));
            var median = income.Newest(kommune, Last(income.Metadata.Dimension(income.Time)!.Codes, 3));
            rows.Add(new KommuneIndikator(
                kommune,
                now is { } p ? (int)Math.Round(p.Value) : null,
                now is { } py ? SsbTable.Year(py.Period) : null,
                growth,
                Projected(2030),
                Projected(2040),
                projectionId,
                start is { } s ? (int)Math.Round(s.Value) : null,
                start is { } sy ? SsbTable.Year(sy.Period) : null,
                median is { } m ? (int)Math.Round(m.Value) : null,
                median is { } my ? SsbTable.Year(my.Period) : null,
                sentralitet.TryGetValue(kommune, out var klass) ? klass : null));
        }
        await WriteAsync(rows, cancellationToken);
        _logger.SsbIndicatorsWritten(rows.Count);
        return new Outcome(rows, projectionId, requests, cached);
    }

    /// <summary>
    /// The newest population projection per region that reaches 2040, from the table search: SSB publishes a new
    /// one every other year under a new table number, so no number is fixed here.
    /// </summary>
    private async Task<string> NewestProjectionAsync(SsbClient client, SsbOptions settings, CancellationToken cancellationToken)
    {
        var hits = await client.SearchTablesAsync(settings.FramskrivingSok, cancellationToken);
        var candidates = hits
            .Where(t => t.Label.Contains("framskrev", StringComparison.OrdinalIgnoreCase) || t.Label.Contains("framskriving", StringComparison.OrdinalIgnoreCase))
            .Where(t => t.LastPeriod is { } last && SsbTable.Year(last) >= 2040)
            .Where(t => t.VariableNames.Count == 0 || t.VariableNames.Any(v => v.Contains("region", StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(t => t.Updated ?? DateTimeOffset.MinValue)
            .ThenByDescending(t => t.Id, StringComparer.Ordinal)
            .ToList();
        if (candidates.Count == 0)
        {
            throw new InvalidOperationException(
                $"SSB table search for '{settings.FramskrivingSok}' found no population projection per region reaching 2040 ({hits.Count} hits); set {SsbOptions.Section}:FramskrivingSok");
        }
        _logger.SsbProjectionChosen(candidates[0].Id, candidates.Count, settings.FramskrivingSok);
        return candidates[0].Id;
    }

    private async Task<Dictionary<string, short>> SentralitetAsync(SsbClient client, SsbOptions settings, DateOnly today, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, short>(StringComparer.Ordinal);
        IReadOnlyDictionary<string, string> map;
        try
        {
            map = await client.CorrespondsAtAsync(settings.KommuneKlassifikasjon, settings.SentralitetKlassifikasjon, today, cancellationToken);
        }
        catch (SourceFormatException ex) when (ex.Status is not null)
        {
            // "Where available": Klass has no correspondence for the date; the score falls back to the stop distance.
            _logger.SsbSentralitetUnavailable(ex.Message);
            return result;
        }
        foreach (var (kommune, target) in map)
        {
            if (short.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out var klass) && klass is >= 1 and <= 6)
            {
                result[kommune] = klass;
            }
        }
        return result;
    }

    private async Task WriteAsync(IReadOnlyList<KommuneIndikator> rows, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO ssb.kommune_indikator (kommunenummer, folketall, folketall_ar, vekst_5ar_pct, framskrevet_2030, framskrevet_2040,
                                               framskriving_tabell, boligstart, boligstart_ar, median_inntekt, inntekt_ar, sentralitet, oppdatert)
            VALUES (@k, @folketall, @folketall_ar, @vekst, @f2030, @f2040, @tabell, @boligstart, @boligstart_ar, @inntekt, @inntekt_ar, @sentralitet, @now)
            ON CONFLICT (kommunenummer) DO UPDATE SET
                folketall = EXCLUDED.folketall, folketall_ar = EXCLUDED.folketall_ar, vekst_5ar_pct = EXCLUDED.vekst_5ar_pct,
                framskrevet_2030 = EXCLUDED.framskrevet_2030, framskrevet_2040 = EXCLUDED.framskrevet_2040,
                framskriving_tabell = EXCLUDED.framskriving_tabell, boligstart = EXCLUDED.boligstart, boligstart_ar = EXCLUDED.boligstart_ar,
                median_inntekt = EXCLUDED.median_inntekt, inntekt_ar = EXCLUDED.inntekt_ar, sentralitet = EXCLUDED.sentralitet,
                oppdatert = EXCLUDED.oppdatert
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var row in rows)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.AddWithValue("k", NpgsqlTypes.NpgsqlDbType.Char, row.Kommunenummer);
            command.Parameters.AddWithValue("folketall", (object?)row.Folketall ?? DBNull.Value);
            command.Parameters.AddWithValue("folketall_ar", (object?)row.FolketallAr ?? DBNull.Value);
            command.Parameters.AddWithValue("vekst", (object?)row.Vekst5ArPct ?? DBNull.Value);
            command.Parameters.AddWithValue("f2030", (object?)row.Framskrevet2030 ?? DBNull.Value);
            command.Parameters.AddWithValue("f2040", (object?)row.Framskrevet2040 ?? DBNull.Value);
            command.Parameters.AddWithValue("tabell", (object?)row.FramskrivingTabell ?? DBNull.Value);
            command.Parameters.AddWithValue("boligstart", (object?)row.Boligstart ?? DBNull.Value);
            command.Parameters.AddWithValue("boligstart_ar", (object?)row.BoligstartAr ?? DBNull.Value);
            command.Parameters.AddWithValue("inntekt", (object?)row.MedianInntekt ?? DBNull.Value);
            command.Parameters.AddWithValue("inntekt_ar", (object?)row.InntektAr ?? DBNull.Value);
            command.Parameters.AddWithValue("sentralitet", (object?)row.Sentralitet ?? DBNull.Value);
            command.Parameters.AddWithValue("now", now);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
