namespace Tomte.Worker.Ingest;

/// <summary>NVDB's road categories (vegsystem.vegkategori), as ref.road stores them (one letter).</summary>
public enum Vegkategori
{
    /// <summary>Europaveg.</summary>
    E,

    /// <summary>Riksveg.</summary>
    R,

    /// <summary>Fylkesveg.</summary>
    F,

    /// <summary>Kommunal veg.</summary>
    K,

    /// <summary>Privat veg.</summary>
    P,

    /// <summary>Skogsbilveg.</summary>
    S,
}

public static class Vegkategorier
{
    /// <summary>The public roads (E, R, F, K): what a site's distance to the nearest road is measured to.</summary>
    public static readonly IReadOnlyList<Vegkategori> Public = [Vegkategori.E, Vegkategori.R, Vegkategori.F, Vegkategori.K];

    public static string Text(Vegkategori kategori) => kategori.ToString();

    /// <summary>A source's vegkategori ("E", "k", "Europaveg" is not one) as its one-letter database text; anything else is refused.</summary>
    public static string Parse(object value)
    {
        var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)?.Trim() ?? "";
        return text.Length == 1 && Enum.TryParse<Vegkategori>(text, ignoreCase: true, out var kategori) && Enum.IsDefined(kategori)
            ? Text(kategori)
            : throw new FormatException($"'{text}' is not an NVDB vegkategori (E, R, F, K, P or S)");
    }
}
