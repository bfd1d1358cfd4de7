namespace Tomte.Worker.Analysis.Scoring;

/// <summary>The seven parts of a site's score (docs/DESIGN.md, "Score").</summary>
public enum ScoreComponent
{
    Storrelse,
    Kapasitet,
    Sentralitet,
    Infrastruktur,
    Konfliktfrihet,
    KommunalVilje,
    Eierstruktur,
}

public static class ScoreComponents
{
    /// <summary>The value of analysis.score_component.component.</summary>
    public static string DatabaseName(this ScoreComponent component) => component switch
    {
        ScoreComponent.Storrelse => "storrelse",
        ScoreComponent.Kapasitet => "kapasitet",
        ScoreComponent.Sentralitet => "sentralitet",
        ScoreComponent.Infrastruktur => "infrastruktur",
        ScoreComponent.Konfliktfrihet => "konfliktfrihet",
        ScoreComponent.KommunalVilje => "kommunal_vilje",
        ScoreComponent.Eierstruktur => "eierstruktur",
        _ => throw new ArgumentOutOfRangeException(nameof(component), component, null),
    };

    public static ScoreComponent FromDatabase(string name) =>
        Enum.GetValues<ScoreComponent>().FirstOrDefault(c => c.DatabaseName() == name, (ScoreComponent)(-1)) is var c && Enum.IsDefined(c)
            ? c
            : throw new ArgumentException($"'{name}' is not a score component.", nameof(name));

    /// <summary>What the team reads.</summary>
    public static string Norwegian(this ScoreComponent component) => component switch
    {
        ScoreComponent.Storrelse => "Størrelse",
        ScoreComponent.Kapasitet => "Kapasitet",
        ScoreComponent.Sentralitet => "Sentralitet",
        ScoreComponent.Infrastruktur => "Infrastruktur",
        ScoreComponent.Konfliktfrihet => "Konfliktfrihet",
        ScoreComponent.KommunalVilje => "Kommunal vilje",
        ScoreComponent.Eierstruktur => "Eierstruktur",
        _ => throw new ArgumentOutOfRangeException(nameof(component), component, null),
    };
}
