using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Tomte.Worker.Owners.Brreg;

/// <summary>One organisation as Enhetsregisteret describes it; <see cref="Finnes"/> false when the register does not know the number.</summary>
public sealed record Enhet(
    string Organisasjonsnummer, bool Finnes, string? Navn, string? Organisasjonsform, string? OrganisasjonsformNavn,
    string? Postadresse, string? Postnummer, string? Poststed, string? Forretningsadresse,
    bool Konkurs, bool UnderAvvikling, bool UnderTvangsavvikling, DateOnly? Slettedato)
{
    public bool SkalIkkeKontaktes => !Finnes || Konkurs || UnderAvvikling || UnderTvangsavvikling || Slettedato is not null;
}

/// <summary>
/// Brønnøysundregistrene's open Enhetsregisteret API: <c>GET {BaseUrl}/enheter/{orgnr}</c>. 200 is an active or
/// flagged unit, 410 a deleted one (its body carries slettedato), 404 a number the register does not know.
/// </summary>
public sealed class BrregClient(HttpClient http, IOptions<OwnersOptions> options)
{
    public async Task<Enhet> GetAsync(string organisasjonsnummer, CancellationToken cancellationToken)
    {
        var settings = options.Value.Brreg;
        var url = new Uri($"{settings.BaseUrl.TrimEnd('/')}/enheter/{organisasjonsnummer}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await http.SendAsync(request, timeout.Token);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return new Enhet(organisasjonsnummer, false, null, null, null, null, null, null, null, false, false, false, null);
            }
            if (response.StatusCode != HttpStatusCode.OK && response.StatusCode != HttpStatusCode.Gone)
            {
                throw new BrregException($"Enhetsregisteret svarte HTTP {(int)response.StatusCode} for {organisasjonsnummer} ({url})");
            }
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: timeout.Token);
            return Read(organisasjonsnummer, json.RootElement);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BrregException($"Enhetsregisteret svarte ikke innen {settings.Timeout.TotalSeconds:0.###} s for {organisasjonsnummer} ({url}); {OwnersOptions.Section}:Brreg:Timeout");
        }
        catch (HttpRequestException ex)
        {
            throw new BrregException($"Enhetsregisteret kan ikke nås ({url}): {ex.Message}", ex);
        }
        catch (JsonException ex)
        {
            throw new BrregException($"Enhetsregisteret svarte med noe som ikke er JSON for {organisasjonsnummer} ({url})", ex);
        }
    }

    internal static Enhet Read(string organisasjonsnummer, JsonElement root)
    {
        static string? Text(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        static bool Flag(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
        static JsonElement Object(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : default;
        static string? Lines(JsonElement address) =>
            address.ValueKind == JsonValueKind.Object && address.TryGetProperty("adresse", out var lines) && lines.ValueKind == JsonValueKind.Array
                ? string.Join(", ", lines.EnumerateArray().Where(l => l.ValueKind == JsonValueKind.String).Select(l => l.GetString()).Where(l => !string.IsNullOrWhiteSpace(l))) is { Length: > 0 } joined ? joined : null
                : null;
        static string? Full(JsonElement address) =>
            address.ValueKind != JsonValueKind.Object ? null
                : string.Join(", ", new[] { Lines(address), $"{Text(address, "postnummer")} {Text(address, "poststed")}".Trim() }.Where(s => !string.IsNullOrWhiteSpace(s))) is { Length: > 0 } text ? text : null;

        var form = Object(root, "organisasjonsform");
        var post = Object(root, "postadresse");
        var business = Object(root, "forretningsadresse");
        // A unit without a postal address is written to at its business address.
        var postal = post.ValueKind == JsonValueKind.Object ? post : business;
        DateOnly? deleted = Text(root, "slettedato") is { } date && DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;
        return new Enhet(Text(root, "organisasjonsnummer") ?? organisasjonsnummer, true, Text(root, "navn"), Text(form, "kode"), Text(form, "beskrivelse"),
            Lines(postal), Text(postal, "postnummer"), Text(postal, "poststed"), Full(business),
            Flag(root, "konkurs"), Flag(root, "underAvvikling"), Flag(root, "underTvangsavviklingEllerTvangsopplosning"), deleted);
    }
}

public sealed class BrregException : Exception
{
    public BrregException(string message) : base(message)
    {
    }

    public BrregException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public BrregException()
    {
    }
}
