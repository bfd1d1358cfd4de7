using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tomte.Worker.Owners;

namespace Tomte.Worker.Brokers;

/// <summary>One address as Kartverket's address API gives it: its text, the matrikkelenhet it lies on, and its point.</summary>
/// <param name="Srid">From representasjonspunkt.epsg ("EPSG:4258" by default); X is lon/east, Y lat/north.</param>
public sealed record AddressHit(string Adressetekst, Matrikkelnummer? Matrikkelnummer, int Srid, double X, double Y);

/// <summary>
/// Kartverket's open address API (<c>GET {AdresseApiUrl}/sok?sok=…</c>, no key): the first hit of a free-text search.
/// An answer without hits is null; a failing service throws a <see cref="TipInputException"/> the tip shows.
/// </summary>
public sealed class AddressClient(HttpClient http, IOptions<BrokersOptions> options, ILogger<AddressClient> logger)
{
    public async Task<AddressHit?> FindAsync(string address, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var url = new Uri($"{settings.AdresseApiUrl.TrimEnd('/')}/sok?sok={Uri.EscapeDataString(address)}&treffPerSide=1&side=0");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.AdresseApiTimeout);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await http.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw Failed($"svarte HTTP {(int)response.StatusCode}");
            }
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: timeout.Token);
            var hit = Read(json.RootElement, out var hits);
            logger.AddressLookedUp((int)response.StatusCode, stopwatch.ElapsedMilliseconds, hits);
            return hit;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failed($"svarte ikke innen {settings.AdresseApiTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s ({BrokersOptions.Section}:AdresseApiTimeout)");
        }
        catch (HttpRequestException ex)
        {
            throw Failed($"kan ikke nås ({ex.Message})", ex);
        }
        catch (JsonException ex)
        {
            throw Failed("svarte med noe som ikke er JSON", ex);
        }
    }

    private static TipInputException Failed(string what, Exception? inner = null) =>
        new(TipProblem.AddressServiceFailed, $"Kartverkets adressesøk {what}; prøv igjen senere eller oppgi matrikkelnummer", inner);

    /// <summary>The first of <c>adresser</c>; its matrikkelnummer when gardsnummer and bruksnummer are given.</summary>
    internal static AddressHit? Read(JsonElement root, out int hits)
    {
        hits = 0;
        if (!root.TryGetProperty("adresser", out var addresses) || addresses.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("no 'adresser' array");
        }
        hits = addresses.GetArrayLength();
        if (hits == 0)
        {
            return null;
        }
        var first = addresses[0];
        if (!first.TryGetProperty("representasjonspunkt", out var point) || point.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var srid = 4258;
        if (point.TryGetProperty("epsg", out var epsg) && epsg.GetString() is { } code
            && int.TryParse(code.Replace("EPSG:", "", StringComparison.OrdinalIgnoreCase), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            srid = parsed;
        }
        var kommune = Text(first, "kommunenummer");
        var gnr = Number(first, "gardsnummer");
        var bnr = Number(first, "bruksnummer");
        var matrikkelnummer = kommune is { Length: 4 } && gnr > 0 && bnr > 0
            ? new Matrikkelnummer(kommune, gnr, bnr, Number(first, "festenummer"), Number(first, "undernummer"))
            : null;
        return new AddressHit(Text(first, "adressetekst") ?? "", matrikkelnummer, srid, point.GetProperty("lon").GetDouble(), point.GetProperty("lat").GetDouble());
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // undernummer is null for most addresses; festenummer 0.
    private static int Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.Number => value.GetInt32(),
            JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
            _ => 0,
        } : 0;
}
