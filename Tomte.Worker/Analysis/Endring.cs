namespace Tomte.Worker.Analysis;

/// <summary>What happened to a site in the latest analysis of its kommune (analysis.tomt.endring).</summary>
public enum Endring
{
    /// <summary>First seen in this run.</summary>
    Ny,

    /// <summary>Matched a previous site, but its geometry moved or changed size.</summary>
    Endret,

    /// <summary>Matched a previous site with the same geometry.</summary>
    Uendret,

    /// <summary>Gone because a newly adopted reguleringsplan now covers it.</summary>
    Regulert,

    /// <summary>Gone for another reason (the kommuneplan changed). Kept, never deleted.</summary>
    Borte,
}

public static class EndringText
{
    public static string ToDatabase(this Endring endring) => endring switch
    {
        Endring.Ny => "ny",
        Endring.Endret => "endret",
        Endring.Uendret => "uendret",
        Endring.Regulert => "regulert",
        Endring.Borte => "borte",
        _ => throw new ArgumentOutOfRangeException(nameof(endring), endring, null),
    };

    public static Endring Parse(string value) => value switch
    {
        "ny" => Endring.Ny,
        "endret" => Endring.Endret,
        "uendret" => Endring.Uendret,
        "regulert" => Endring.Regulert,
        "borte" => Endring.Borte,
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "not an endring value"),
    };
}
