using System.Text;

namespace Tomte.Worker.Owners;

/// <summary>How one owner is recognised again, whichever source names them and however they spell it.</summary>
public static class OwnerKeys
{
    /// <summary>
    /// 'org:&lt;9 digits&gt;' for an organisation with a number; otherwise 'navn:' + the name's words in sorted order
    /// (registers write "NORDMANN OLA", people "Ola Nordmann") + '|' + the address's words + '|' + postnummer.
    /// </summary>
    public static string MergeKey(OwnerKind type, string? organisasjonsnummer, string navn, string? adresse, string? postnummer)
    {
        if (type == OwnerKind.Organisasjon && !string.IsNullOrWhiteSpace(organisasjonsnummer))
        {
            return "org:" + Digits(organisasjonsnummer);
        }
        var name = string.Join(' ', Words(navn).Order(StringComparer.Ordinal));
        var address = string.Join(' ', Words(adresse ?? ""));
        return $"navn:{name}|{address}|{Digits(postnummer ?? "")}";
    }

    public static string Digits(string text) => new(text.Where(char.IsAsciiDigit).ToArray());

    /// <summary>Organisasjonsnummer: nine digits with a modulus 11 check digit (weights 3 2 7 6 5 4 3 2).</summary>
    public static bool IsOrganisasjonsnummer(string digits)
    {
        if (digits.Length != 9 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }
        int[] weights = [3, 2, 7, 6, 5, 4, 3, 2];
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (digits[i] - '0') * weights[i];
        }
        var check = 11 - (sum % 11);
        check = check == 11 ? 0 : check;
        return check != 10 && check == digits[8] - '0';
    }

    private static IEnumerable<string> Words(string text)
    {
        var normalised = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormC).ToLowerInvariant())
        {
            normalised.Append(char.IsLetterOrDigit(c) ? c : ' ');
        }
        return normalised.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
