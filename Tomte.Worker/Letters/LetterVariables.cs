using System.Globalization;
using Scriban.Runtime;
using Tomte.Worker.Owners;

namespace Tomte.Worker.Letters;

/// <summary>
/// The variables a template sees, under stable Norwegian names (the contract with operators' override templates;
/// README lists them). Numbers and dates are already formatted the Norwegian way; a value that may be absent has a
/// <c>har_*</c> flag beside it, because writing an empty value is an error (strict rendering).
/// </summary>
public static class LetterVariables
{
    /// <summary>Page margins of the printed letters (mm); the address is placed relative to them.</summary>
    public const double MarginTopMm = 18, MarginRightMm = 20, MarginBottomMm = 22, MarginLeftMm = 25;

    /// <summary>Space between the window's edge and the address text, so a letter shifted in the envelope still shows it all.</summary>
    public const double WindowInsetMm = 4;

    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb-NO");

    public static ScriptObject For(LetterModel model)
    {
        var sender = model.Sender;
        var root = new ScriptObject
        {
            ["dato"] = model.Date.ToString("d. MMMM yyyy", Norwegian),
            ["steg"] = model.Step.DisplayName(),
            ["avsender"] = Object(new()
            {
                ["firma"] = sender.CompanyName,
                ["orgnr"] = FormatOrgnr(sender.OrganisationNumber),
                ["adresselinjer"] = Array(sender.StreetAddress, $"{sender.PostalCode} {sender.PostalTown}"),
                ["adresse_en_linje"] = $"{sender.StreetAddress}, {sender.PostalCode} {sender.PostalTown}",
                ["poststed"] = sender.PostalTown,
                ["epost"] = sender.Email,
                ["telefon"] = sender.Phone,
                ["lagringstid"] = sender.RetentionText,
            }),
            ["ansvarlig"] = Object(new()
            {
                ["navn"] = model.Responsible.Name,
                ["tittel"] = model.Responsible.Title,
                ["epost"] = model.Responsible.Email,
                ["telefon"] = model.Responsible.Phone,
            }),
            ["eier"] = Object(new()
            {
                ["id"] = model.Owner.EierId,
                ["navn"] = model.Owner.Navn,
                ["er_organisasjon"] = model.Owner.Type == OwnerKind.Organisasjon,
                ["hilsen"] = model.Owner.Type == OwnerKind.Organisasjon ? $"Til {model.Owner.Navn}" : $"Hei {model.Owner.Navn}",
                ["adresselinjer"] = Array([.. model.Owner.AddressLines]),
                ["har_epost"] = model.Owner.Epost is not null,
                ["har_telefon"] = model.Owner.Telefon is not null,
                ["telefon_tekst"] = model.Owner.Telefon ?? "ingen telefon registrert – finn nummeret før du ringer",
            }),
            ["tomter"] = Sites(model.Sites),
            ["kilde"] = Object(new()
            {
                ["navn"] = model.Source.Kilde,
                ["hentet_dato"] = model.Source.HentetDato.ToString("d. MMMM yyyy", Norwegian),
                ["rettslig_grunnlag"] = model.Source.RettsligGrunnlag,
            }),
            ["opplysninger"] = HeldData(model),
            ["avmelding"] = Object(new()
            {
                ["epost"] = sender.OptOutAddress,
                ["emne"] = OptOutSubject(model.Owner.EierId),
            }),
            ["side"] = Object(new()
            {
                ["marg_topp_mm"] = Mm(MarginTopMm),
                ["marg_hoyre_mm"] = Mm(MarginRightMm),
                ["marg_bunn_mm"] = Mm(MarginBottomMm),
                ["marg_venstre_mm"] = Mm(MarginLeftMm),
            }),
            ["vindu"] = Object(new()
            {
                // Absolute positions in WeasyPrint are relative to the page area, i.e. inside the margins.
                ["adresse_venstre_mm"] = Mm(sender.WindowLeftMm + WindowInsetMm - MarginLeftMm),
                ["adresse_topp_mm"] = Mm(sender.WindowTopMm + WindowInsetMm - MarginTopMm),
                ["adresse_bredde_mm"] = Mm(sender.WindowWidthMm - 2 * WindowInsetMm),
                ["adresse_hoyde_mm"] = Mm(sender.WindowHeightMm - 2 * WindowInsetMm),
                ["innhold_topp_mm"] = Mm(sender.WindowTopMm + sender.WindowHeightMm + 6 - MarginTopMm),
            }),
        };
        return root;
    }

    /// <summary>The List-Unsubscribe subject and the opt-out reference: names the owner id, nothing personal.</summary>
    public static string OptOutSubject(string eierId) => $"STOPP {eierId}";

    private static ScriptArray Sites(IReadOnlyList<LetterSite> sites)
    {
        var array = new ScriptArray();
        foreach (var site in sites)
        {
            array.Add(Object(new()
            {
                ["tomte_id"] = site.TomteId,
                ["kommune"] = site.Kommune,
                ["areal_daa"] = site.ArealDaa.ToString(site.ArealDaa >= 10 ? "N0" : "N1", Norwegian),
                ["har_boliger"] = site.EstBoliger is > 0,
                ["est_boliger"] = site.EstBoliger ?? 0,
                ["endring"] = site.Endring ?? "",
                ["matrikkelnumre"] = Array([.. site.Matrikkelnumre]),
                ["eiendommer_tekst"] = string.Join(", ", site.Matrikkelnumre.Select(ParcelText)),
                ["har_kart"] = site.MapPng is not null,
                ["kart"] = site.MapPng is null ? "" : "data:image/png;base64," + Convert.ToBase64String(site.MapPng),
            }));
        }
        return array;
    }

    // "3207-12/34" → "gnr. 12 bnr. 34 (3207-12/34)": how owners know their property from the tax and land registry papers.
    private static string ParcelText(string matrikkelnummer) =>
        Matrikkelnummer.TryParse(matrikkelnummer, out var m)
            ? $"gnr. {m.Gnr} bnr. {m.Bnr}" + (m.Fnr > 0 ? $" fnr. {m.Fnr}" : "") + (m.Snr > 0 ? $" snr. {m.Snr}" : "")
            : matrikkelnummer;

    private static string HeldData(LetterModel model)
    {
        var parts = new List<string> { "navn", "postadresse" };
        if (model.Owner.Epost is not null)
        {
            parts.Add("e-postadresse");
        }
        if (model.Owner.Telefon is not null)
        {
            parts.Add("telefonnummer");
        }
        parts.Add("hvilke eiendommer du eier og eierandelen din");
        return string.Join(", ", parts[..^1]) + " og " + parts[^1];
    }

    private static string FormatOrgnr(string orgnr) =>
        orgnr.Length == 9 ? $"{orgnr[..3]} {orgnr[3..6]} {orgnr[6..]}" : orgnr;

    private static string Mm(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static ScriptObject Object(Dictionary<string, object?> values)
    {
        var obj = new ScriptObject();
        foreach (var (key, value) in values)
        {
            obj[key] = value;
        }
        return obj;
    }

    private static ScriptArray Array(params string[] values)
    {
        var array = new ScriptArray();
        foreach (var value in values)
        {
            array.Add(value);
        }
        return array;
    }
}
