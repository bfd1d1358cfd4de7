using System.Globalization;
using Microsoft.Extensions.Options;

namespace Tomte.Worker.Ingest;

/// <summary>Settings under <c>Tomte:Ingest</c>: what to load for which kommuner, and how geometry is cleaned.</summary>
public sealed class IngestOptions
{
    public const string Section = "Tomte:Ingest";

    /// <summary>Kommuner <c>tomte ingest</c> loads when none is given (the pilot: Nordre Follo, Nesodden, Ås).</summary>
    public List<string> Kommuner { get; set; } = [];

    /// <summary>Polygons smaller than this after repair are dropped as slivers (m²).</summary>
    public double SliverMinAreaSquareMetres { get; set; } = 1.0;

    /// <summary>Polygons thinner than this on average (2·area/perimeter) are dropped as slivers (m).</summary>
    public double SliverMinWidthMetres { get; set; } = 0.05;

    /// <summary>Planstatus codes that mean adopted (3 endelig vedtatt, 6 vedtatt med utsatt rettsvirkning).</summary>
    public List<int> AdoptedPlanstatus { get; set; } = [];

    /// <summary>How often long loads report progress (seconds).</summary>
    public double ProgressIntervalSeconds { get; set; } = 5;

    public IReadOnlyList<string> EffectiveKommuner => Kommuner.Count == 0 ? DefaultKommuner : Kommuner;

    public IReadOnlyList<int> EffectiveAdoptedPlanstatus => AdoptedPlanstatus.Count == 0 ? [3, 6] : AdoptedPlanstatus;

    public static readonly IReadOnlyList<string> DefaultKommuner = ["3207", "3212", "3218"];
}

internal sealed class IngestOptionsValidator : IValidateOptions<IngestOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Kommuner.Count; i++)
        {
            if (!Kommuner.IsWellFormed(options.Kommuner[i]))
            {
                failures.Add($"{IngestOptions.Section}:Kommuner:{i} '{options.Kommuner[i]}' is not a kommunenummer (four digits, a 2024 fylke such as 32xx).");
            }
        }
        if (options.SliverMinAreaSquareMetres is < 0 or > 10_000 || double.IsNaN(options.SliverMinAreaSquareMetres))
        {
            failures.Add($"{IngestOptions.Section}:SliverMinAreaSquareMetres is {options.SliverMinAreaSquareMetres.ToString(CultureInfo.InvariantCulture)}; it must be between 0 and 10000.");
        }
        if (options.SliverMinWidthMetres is < 0 or > 100 || double.IsNaN(options.SliverMinWidthMetres))
        {
            failures.Add($"{IngestOptions.Section}:SliverMinWidthMetres is {options.SliverMinWidthMetres.ToString(CultureInfo.InvariantCulture)}; it must be between 0 and 100.");
        }
        if (options.ProgressIntervalSeconds is <= 0 or > 3600 || double.IsNaN(options.ProgressIntervalSeconds))
        {
            failures.Add($"{IngestOptions.Section}:ProgressIntervalSeconds is {options.ProgressIntervalSeconds.ToString(CultureInfo.InvariantCulture)}; it must be above 0 and at most 3600.");
        }
        for (var i = 0; i < options.AdoptedPlanstatus.Count; i++)
        {
            if (options.AdoptedPlanstatus[i] is < 1 or > 9)
            {
                failures.Add($"{IngestOptions.Section}:AdoptedPlanstatus:{i} is {options.AdoptedPlanstatus[i]}; planstatus codes are 1-9.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
