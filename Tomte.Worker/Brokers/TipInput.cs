using System.Text.RegularExpressions;
using Tomte.Worker.Owners;

namespace Tomte.Worker.Brokers;

/// <summary>Why a tip could not be assessed; each has one Norwegian message written on the tip.</summary>
public enum TipProblem
{
    NoInput,
    InvalidMatrikkelnummer,
    UnknownMatrikkelnummer,
    AddressNotFound,
    AddressServiceFailed,
    InvalidWkt,
    InvalidGeoJson,
    NotAPolygon,
    OutsideKommuner,
}

/// <summary>A tip that cannot be assessed: <see cref="Exception.Message"/> is the Norwegian text the team reads on the tip.</summary>
public sealed class TipInputException : Exception
{
    public TipInputException()
    {
    }

    public TipInputException(string message) : base(message)
    {
    }

    public TipInputException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public TipInputException(TipProblem problem, string message, Exception? innerException = null) : base(message, innerException) => Problem = problem;

    public TipProblem Problem { get; }
}

/// <summary>How the team described the land: matrikkelnumre, an address, or a pasted polygon.</summary>
public enum TipInputKind
{
    Matrikkelnummer,
    Adresse,
    Polygon,
}

/// <summary>
/// What the team entered on a tip (or typed after <c>tomte vurder</c>), classified. A polygon wins over matrikkelnumre,
/// which win over an address: the most exact description of the land is the one assessed.
/// </summary>
public sealed partial record TipInput(TipInputKind Kind, string Text, IReadOnlyList<Matrikkelnummer> Matrikkelnumre)
{
    /// <summary>The tip's fields as the team filled them in Airtable; null when all three are empty.</summary>
    public static TipInput? FromFields(string? matrikkelnumre, string? adresse, string? polygon)
    {
        if (!string.IsNullOrWhiteSpace(polygon))
        {
            return new TipInput(TipInputKind.Polygon, polygon.Trim(), []);
        }
        if (!string.IsNullOrWhiteSpace(matrikkelnumre))
        {
            return ParseMatrikkelnumre(matrikkelnumre);
        }
        return string.IsNullOrWhiteSpace(adresse) ? null : new TipInput(TipInputKind.Adresse, adresse.Trim(), []);
    }

    /// <summary>
    /// One argument of <c>tomte vurder</c>: WKT (starts with a geometry keyword or SRID=), GeoJSON text, matrikkelnumre,
    /// else an address. A file is read by the verb before it gets here.
    /// </summary>
    public static TipInput FromArgument(string text)
    {
        var trimmed = text.Trim();
        if (LooksLikeGeometry(trimmed))
        {
            return new TipInput(TipInputKind.Polygon, trimmed, []);
        }
        if (MatrikkelLike().IsMatch(trimmed))
        {
            return ParseMatrikkelnumre(trimmed);
        }
        return new TipInput(TipInputKind.Adresse, trimmed, []);
    }

    public static bool LooksLikeGeometry(string text) =>
        text.StartsWith('{') || GeometryKeyword().IsMatch(text);

    private static TipInput ParseMatrikkelnumre(string text)
    {
        var parts = text.Split([',', ';', '\n', '\r', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var numbers = new List<Matrikkelnummer>();
        foreach (var part in parts)
        {
            if (!Matrikkelnummer.TryParse(part, out var number))
            {
                throw new TipInputException(TipProblem.InvalidMatrikkelnummer,
                    $"«{part}» er ikke et matrikkelnummer; skriv kommunenummer-gårdsnummer/bruksnummer, f.eks. 3218-12/34");
            }
            if (!numbers.Contains(number))
            {
                numbers.Add(number);
            }
        }
        if (numbers.Count == 0)
        {
            throw new TipInputException(TipProblem.NoInput, "Innspillet mangler matrikkelnummer, adresse og polygon");
        }
        return new TipInput(TipInputKind.Matrikkelnummer, string.Join(", ", numbers), numbers);
    }

    [GeneratedRegex(@"^(SRID=\d+;\s*)?(MULTI)?(POLYGON|POINT|LINESTRING|GEOMETRYCOLLECTION)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GeometryKeyword();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]+/", RegexOptions.CultureInvariant)]
    private static partial Regex MatrikkelLike();
}
