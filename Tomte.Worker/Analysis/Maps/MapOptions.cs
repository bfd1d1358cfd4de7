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
}
