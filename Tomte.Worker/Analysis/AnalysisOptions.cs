using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Tomte.Worker.Analysis;

/// <summary>
/// Settings under <c>Tomte:Analysis</c>: which kommuneplan polygons count as housing land, which reguleringsplaner
/// take it away, and the thresholds that turn the difference into sites. Empty lists mean the defaults.
/// </summary>
public sealed class AnalysisOptions
{
    public const string Section = "Tomte:Analysis";

    /// <summary>Kommuneplan arealformål codes that are housing land (default 1110 boligbebyggelse).</summary>
    public List<int> BoligArealformal { get; set; } = [];

    /// <summary>Arealformål codes that may hold housing but need a person's judgement (default 1130 sentrum, 1800 kombinert).</summary>
    public List<int> VurderesArealformal { get; set; } = [];

    /// <summary>Arealbruksstatus codes taken (default 2 framtidig).</summary>
    public List<int> Arealbruksstatus { get; set; } = [];

    /// <summary>Kommuneplan planstatus codes that mean the plan is in force (default 3, 6).</summary>
    public List<int> KommuneplanIKraftPlanstatus { get; set; } = [];

    /// <summary>Reguleringsplan planstatus codes that subtract (default 3 endelig vedtatt, 6 vedtatt med utsatt rettsvirkning).</summary>
    public List<int> VedtattPlanstatus { get; set; } = [];

    /// <summary>Reguleringsplan planstatus codes that flag "noen andre planlegger her" (default 1 igangsatt, 2 forslag).</summary>
    public List<int> SignalPlanstatus { get; set; } = [];

    /// <summary>Vertikalnivå of reguleringsplaner that subtract (default 2 på grunnen); a missing vertikalnivå always does.</summary>
    public List<int> Vertikalniva { get; set; } = [];

    /// <summary>Parts smaller than this are dropped (dekar; 1 daa = 1,000 m²).</summary>
    public double MinArealDaa { get; set; } = 1.0;

    /// <summary>Parts with no room for a circle this wide (a negative buffer of half of it leaves nothing) are dropped (m).</summary>
    public double MinBreddeMeter { get; set; } = 10;

    /// <summary>Estimated dwellings = area / this (m² per dwelling).</summary>
    public double KvadratmeterPerBolig { get; set; } = 400;

    /// <summary>A new part keeps a previous site's Tomte-ID when their intersection-over-union is at least this.</summary>
    public double IouTerskel { get; set; } = 0.5;

    /// <summary>
    /// Kommuner analysed at the same time, each on its own connection and transaction (the server does the geometry
    /// work, one core per kommune); 0 = one per processor core.
    /// </summary>
    public int Parallellitet { get; set; }

    public int EffectiveParallellitet => Parallellitet == 0 ? Environment.ProcessorCount : Parallellitet;

    public IReadOnlyList<int> EffectiveBoligArealformal => BoligArealformal.Count == 0 ? [1110] : BoligArealformal;

    public IReadOnlyList<int> EffectiveVurderesArealformal => VurderesArealformal.Count == 0 ? [1130, 1800] : VurderesArealformal;

    public IReadOnlyList<int> EffectiveArealbruksstatus => Arealbruksstatus.Count == 0 ? [2] : Arealbruksstatus;

    public IReadOnlyList<int> EffectiveKommuneplanIKraftPlanstatus => KommuneplanIKraftPlanstatus.Count == 0 ? [3, 6] : KommuneplanIKraftPlanstatus;

    public IReadOnlyList<int> EffectiveVedtattPlanstatus => VedtattPlanstatus.Count == 0 ? [3, 6] : VedtattPlanstatus;

    public IReadOnlyList<int> EffectiveSignalPlanstatus => SignalPlanstatus.Count == 0 ? [1, 2] : SignalPlanstatus;

    public IReadOnlyList<int> EffectiveVertikalniva => Vertikalniva.Count == 0 ? [2] : Vertikalniva;

    /// <summary>Every arealformål code the analysis takes: housing plus "må vurderes".</summary>
    public int[] AllArealformal => EffectiveBoligArealformal.Concat(EffectiveVurderesArealformal).Distinct().Order().ToArray();

    /// <summary>
    /// A digest of every setting that changes the result, stored with each kommune's analysis: changed settings
    /// make the next run recompute even when no input changed.
    /// </summary>
    public string Fingerprint()
    {
        static string List(IEnumerable<int> values) => string.Join(',', values.Order());
        var text = string.Create(CultureInfo.InvariantCulture,
            $"b={List(EffectiveBoligArealformal)};v={List(EffectiveVurderesArealformal)};s={List(EffectiveArealbruksstatus)};" +
            $"k={List(EffectiveKommuneplanIKraftPlanstatus)};a={List(EffectiveVedtattPlanstatus)};g={List(EffectiveSignalPlanstatus)};" +
            $"n={List(EffectiveVertikalniva)};min={MinArealDaa:R};w={MinBreddeMeter:R};m2={KvadratmeterPerBolig:R};iou={IouTerskel:R}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}

internal sealed class AnalysisOptionsValidator : IValidateOptions<AnalysisOptions>
{
    public ValidateOptionsResult Validate(string? name, AnalysisOptions options)
    {
        var failures = new List<string>();
        Codes(failures, nameof(AnalysisOptions.BoligArealformal), options.BoligArealformal, 1000, 9999, "arealformål codes are four digits (1110 boligbebyggelse)");
        Codes(failures, nameof(AnalysisOptions.VurderesArealformal), options.VurderesArealformal, 1000, 9999, "arealformål codes are four digits (1130 sentrum, 1800 kombinert)");
        Codes(failures, nameof(AnalysisOptions.Arealbruksstatus), options.Arealbruksstatus, 1, 3, "arealbruksstatus is 1 nåværende, 2 framtidig or 3 videreutvikling");
        Codes(failures, nameof(AnalysisOptions.KommuneplanIKraftPlanstatus), options.KommuneplanIKraftPlanstatus, 1, 9, "planstatus codes are 1-9");
        Codes(failures, nameof(AnalysisOptions.VedtattPlanstatus), options.VedtattPlanstatus, 1, 9, "planstatus codes are 1-9");
        Codes(failures, nameof(AnalysisOptions.SignalPlanstatus), options.SignalPlanstatus, 1, 9, "planstatus codes are 1-9");
        Codes(failures, nameof(AnalysisOptions.Vertikalniva), options.Vertikalniva, 1, 5, "vertikalnivå is 1 under grunnen, 2 på grunnen, 3 over grunnen, 4 på bunnen, 5 i vannsøylen");
        var overlap = options.EffectiveVedtattPlanstatus.Intersect(options.EffectiveSignalPlanstatus).ToArray();
        if (overlap.Length > 0)
        {
            failures.Add($"{AnalysisOptions.Section}:SignalPlanstatus contains {string.Join(", ", overlap)}, which VedtattPlanstatus also holds; a plan cannot both subtract and be a signal.");
        }
        Range(failures, nameof(AnalysisOptions.MinArealDaa), options.MinArealDaa, 0, 10_000, "between 0 and 10000 daa");
        Range(failures, nameof(AnalysisOptions.MinBreddeMeter), options.MinBreddeMeter, 0, 1_000, "between 0 and 1000 m");
        if (!(options.KvadratmeterPerBolig is > 0 and <= 100_000))
        {
            failures.Add($"{AnalysisOptions.Section}:KvadratmeterPerBolig is {Invariant(options.KvadratmeterPerBolig)}; it must be above 0 and at most 100000 m² per dwelling.");
        }
        if (!(options.IouTerskel is > 0 and <= 1))
        {
            failures.Add($"{AnalysisOptions.Section}:IouTerskel is {Invariant(options.IouTerskel)}; it must be above 0 and at most 1 (intersection over union).");
        }
        if (options.Parallellitet is < 0 or > 64)
        {
            failures.Add($"{AnalysisOptions.Section}:Parallellitet is {options.Parallellitet}; it must be between 1 and 64, or 0 for one per processor core.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Codes(List<string> failures, string key, List<int> values, int min, int max, string rule)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] < min || values[i] > max)
            {
                failures.Add($"{AnalysisOptions.Section}:{key}:{i} is {values[i]}; {rule}.");
            }
        }
    }

    private static void Range(List<string> failures, string key, double value, double min, double max, string rule)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            failures.Add($"{AnalysisOptions.Section}:{key} is {Invariant(value)}; it must be {rule}.");
        }
    }

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
