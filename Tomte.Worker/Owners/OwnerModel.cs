using System.Globalization;
using System.Text.RegularExpressions;

namespace Tomte.Worker.Owners;

/// <summary>What an owner is; stored as the text of <see cref="OwnerVocabulary"/>.</summary>
public enum OwnerKind
{
    Person,
    Organisasjon,
}

/// <summary>Where an owner came from.</summary>
public enum OwnerSourceKind
{
    /// <summary><c>tomte owners import</c>: a data supplier's file or the team's own research.</summary>
    Import,

    /// <summary>Kartverket's Matrikkel API.</summary>
    Matrikkel,

    /// <summary>Typed into Airtable by the team.</summary>
    Airtable,
}

public static class OwnerVocabulary
{
    public static string Text(this OwnerKind kind) => kind switch
    {
        OwnerKind.Person => "person",
        OwnerKind.Organisasjon => "organisasjon",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Text(this OwnerSourceKind kind) => kind switch
    {
        OwnerSourceKind.Import => "import",
        OwnerSourceKind.Matrikkel => "matrikkel",
        OwnerSourceKind.Airtable => "airtable",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParseKind(string text, out OwnerKind kind)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "person":
                kind = OwnerKind.Person;
                return true;
            case "organisasjon":
                kind = OwnerKind.Organisasjon;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}

/// <summary>An ownership share, teller/nevner as the grunnbok states it.</summary>
public readonly record struct Share(int Teller, int Nevner)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Teller}/{Nevner}");
}

/// <summary>A matrikkelenhet's number: kommunenummer-gnr/bnr[/fnr[/snr]], written without trailing zero parts.</summary>
public sealed partial record Matrikkelnummer(string Kommunenummer, int Gnr, int Bnr, int Fnr = 0, int Snr = 0)
{
    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{Kommunenummer}-{Gnr}/{Bnr}");
        return Snr > 0 ? string.Create(CultureInfo.InvariantCulture, $"{text}/{Fnr}/{Snr}")
            : Fnr > 0 ? string.Create(CultureInfo.InvariantCulture, $"{text}/{Fnr}")
            : text;
    }

    public static bool TryParse(string? text, out Matrikkelnummer value)
    {
        value = null!;
        var match = Pattern().Match(text?.Trim() ?? "");
        if (!match.Success)
        {
            return false;
        }
        static int Part(Group group) => group.Success ? int.Parse(group.Value, CultureInfo.InvariantCulture) : 0;
        var gnr = Part(match.Groups["gnr"]);
        var bnr = Part(match.Groups["bnr"]);
        if (gnr == 0 || bnr == 0)
        {
            return false;
        }
        value = new Matrikkelnummer(match.Groups["k"].Value, gnr, bnr, Part(match.Groups["fnr"]), Part(match.Groups["snr"]));
        return true;
    }

    [GeneratedRegex(@"^(?<k>[0-9]{4})-(?<gnr>[0-9]{1,5})/(?<bnr>[0-9]{1,5})(/(?<fnr>[0-9]{1,5})(/(?<snr>[0-9]{1,5}))?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>
/// One owner of one matrikkelenhet as a provider gives it. Only what outreach needs: never a national identity number.
/// </summary>
public sealed record OwnerRecord(
    Matrikkelnummer Matrikkelnummer,
    string Navn,
    OwnerKind Type,
    string? Organisasjonsnummer,
    string? Adresse,
    string? Postnummer,
    string? Poststed,
    Share? Andel,
    string? Epost,
    string? Telefon,
    string Kilde,
    DateOnly HentetDato)
{
    /// <summary>What merges one owner across parcels and sources: the organisasjonsnummer, else normalised name and address.</summary>
    public string MergeKey => OwnerKeys.MergeKey(Type, Organisasjonsnummer, Navn, Adresse, Postnummer);
}
