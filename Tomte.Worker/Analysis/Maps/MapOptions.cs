using System.ComponentModel.DataAnnotations;

namespace Tomte.Worker.Analysis.Maps;

/// <summary>Settings under <c>Tomte:Maps</c>: the size of each site's map and how many are drawn at once.</summary>
public sealed class MapOptions
{
    public const string Section = "Tomte:Maps";

    /// <summary>Width of the PNG in pixels; the map shows 4:3 of ground whatever the picture's shape.</summary>
    [Range(400, 4000)]
    public int Bredde { get; set; } = 1200;

    [Range(300, 3000)]
    public int Hoyde { get; set; } = 900;

    /// <summary>Maps drawn at the same time, each reading its surroundings on its own connection.</summary>
    [Range(1, 64)]
    public int Parallellitet { get; set; } = 2;

    /// <summary>Half the width of ground shown around a small site at the least (m), so its surroundings are readable.</summary>
    [Range(50, 5000)]
    public double MinHalvbreddeMeter { get; set; } = 200;

    /// <summary>
    /// Maps are drawn for the sites a person looks at: those scoring at least this, and those already in Airtable.
    /// A national run has tens of thousands of sites, most of them never opened; 0 draws every current site.
    /// </summary>
    [Range(0, 100)]
    public double MinScore { get; set; } = 60;
}
