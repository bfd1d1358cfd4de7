using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Tomte.Worker.Analysis.Scoring;

/// <summary>
/// Settings under <c>Tomte:Scoring</c>: the weight of each of the seven components (they must sum to 1) and the
/// fixed scale each raw value is read on. A scale gives the value worth 0 points (<see cref="Scale.Verst"/>) and
/// the value worth 100 (<see cref="Scale.Best"/>), linear in between and clamped outside, so a site's score never
/// depends on the other sites.
/// </summary>
public sealed class ScoringOptions
{
    public const string Section = "Tomte:Scoring";

    public Weights Vekter { get; set; } = new();

    public Scales Skalaer { get; set; } = new();

    /// <summary>Points a component gets when its input is unknown (no road loaded, no owners, kommunal vilje not set).</summary>
    public double NoytralePoeng { get; set; } = 50;

    /// <summary>A site at least this share inside a verneområde gets 0 konfliktfrihet points and is flagged.</summary>
    public double VerneomradeFlaggAndel { get; set; } = 0.999;

    public sealed class Weights
    {
        public double Storrelse { get; set; } = 0.15;
        public double Kapasitet { get; set; } = 0.20;
        public double Sentralitet { get; set; } = 0.15;
        public double Infrastruktur { get; set; } = 0.10;
        public double Konfliktfrihet { get; set; } = 0.20;
        public double KommunalVilje { get; set; } = 0.10;
        public double Eierstruktur { get; set; } = 0.10;

        public double For(ScoreComponent component) => component switch
        {
            ScoreComponent.Storrelse => Storrelse,
            ScoreComponent.Kapasitet => Kapasitet,
            ScoreComponent.Sentralitet => Sentralitet,
            ScoreComponent.Infrastruktur => Infrastruktur,
            ScoreComponent.Konfliktfrihet => Konfliktfrihet,
            ScoreComponent.KommunalVilje => KommunalVilje,
            ScoreComponent.Eierstruktur => Eierstruktur,
            _ => throw new ArgumentOutOfRangeException(nameof(component), component, null),
        };
    }

    /// <param name="Verst">The raw value worth 0 points.</param>
    /// <param name="Best">The raw value worth 100 points; may be below <paramref name="Verst"/> (shorter distance is better).</param>
    public sealed class Scale
    {
        public double Verst { get; set; }
        public double Best { get; set; }

        public Scale()
        {
        }

        public Scale(double verst, double best)
        {
            Verst = verst;
            Best = best;
        }

        /// <summary>0..100, linear between the ends, clamped outside them.</summary>
        public double Points(double value) => 100 * Math.Clamp((value - Verst) / (Best - Verst), 0, 1);
    }

    public sealed class Scales
    {
        /// <summary>Størrelse: the site's area (daa).</summary>
        public Scale ArealDaa { get; set; } = new(1, 20);

        /// <summary>Kapasitet: estimated dwellings.</summary>
        public Scale Boliger { get; set; } = new(0, 100);

        /// <summary>Sentralitet: metres to the nearest stop.</summary>
        public Scale HoldeplassMeter { get; set; } = new(2000, 200);

        /// <summary>Sentralitet: the kommune's SSB sentralitetsklasse (1 most central, 6 least); averaged with the stop when known.</summary>
        public Scale Sentralitetsklasse { get; set; } = new(6, 1);

        /// <summary>Infrastruktur: metres to the nearest public road.</summary>
        public Scale VeiMeter { get; set; } = new(500, 25);

        /// <summary>Konfliktfrihet: the share of the site under constraints and hensynssoner (0..1, kinds added up, at most 1).</summary>
        public Scale KonfliktAndel { get; set; } = new(1, 0);

        /// <summary>Kommunal vilje: the team's 1–5.</summary>
        public Scale KommunalVilje { get; set; } = new(1, 5);

        /// <summary>Eierstruktur: distinct owners of the site's parcels.</summary>
        public Scale Eiere { get; set; } = new(10, 1);

        public IEnumerable<(string Key, Scale Scale)> All() =>
        [
            (nameof(ArealDaa), ArealDaa), (nameof(Boliger), Boliger), (nameof(HoldeplassMeter), HoldeplassMeter),
            (nameof(Sentralitetsklasse), Sentralitetsklasse), (nameof(VeiMeter), VeiMeter), (nameof(KonfliktAndel), KonfliktAndel),
            (nameof(KommunalVilje), KommunalVilje), (nameof(Eiere), Eiere),
        ];
    }

    /// <summary>A digest of every setting that changes a score, part of each site's input hash: new weights rescore every site.</summary>
    public string Fingerprint()
    {
        var text = new StringBuilder();
        foreach (var component in Enum.GetValues<ScoreComponent>())
        {
            text.Append(CultureInfo.InvariantCulture, $"{component}={Vekter.For(component):R};");
        }
        foreach (var (key, scale) in Skalaer.All())
        {
            text.Append(CultureInfo.InvariantCulture, $"{key}={scale.Verst:R}/{scale.Best:R};");
        }
        text.Append(CultureInfo.InvariantCulture, $"n={NoytralePoeng:R};v={VerneomradeFlaggAndel:R}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}

internal sealed class ScoringOptionsValidator : IValidateOptions<ScoringOptions>
{
    /// <summary>Weights are decimals people type; a sum within this of 1 is 1.</summary>
    private const double SumTolerance = 1e-6;

    public ValidateOptionsResult Validate(string? name, ScoringOptions options)
    {
        var failures = new List<string>();
        var sum = 0.0;
        foreach (var component in Enum.GetValues<ScoreComponent>())
        {
            var weight = options.Vekter.For(component);
            sum += weight;
            if (double.IsNaN(weight) || weight < 0 || weight > 1)
            {
                failures.Add($"{ScoringOptions.Section}:Vekter:{component} is {Invariant(weight)}; a weight must be between 0 and 1.");
            }
        }
        if (Math.Abs(sum - 1) > SumTolerance)
        {
            var listed = string.Join(", ", Enum.GetValues<ScoreComponent>().Select(c => $"{ScoringOptions.Section}:Vekter:{c}={Invariant(options.Vekter.For(c))}"));
            failures.Add($"{ScoringOptions.Section}:Vekter sum to {Invariant(Math.Round(sum, 6))}; the seven weights must sum to 1 ({listed}).");
        }
        foreach (var (key, scale) in options.Skalaer.All())
        {
            if (!double.IsFinite(scale.Verst) || !double.IsFinite(scale.Best) || scale.Verst == scale.Best)
            {
                failures.Add($"{ScoringOptions.Section}:Skalaer:{key} is Verst={Invariant(scale.Verst)}, Best={Invariant(scale.Best)}; both must be numbers and differ.");
            }
        }
        if (!(options.NoytralePoeng is >= 0 and <= 100))
        {
            failures.Add($"{ScoringOptions.Section}:NoytralePoeng is {Invariant(options.NoytralePoeng)}; it must be between 0 and 100.");
        }
        if (!(options.VerneomradeFlaggAndel is > 0 and <= 1))
        {
            failures.Add($"{ScoringOptions.Section}:VerneomradeFlaggAndel is {Invariant(options.VerneomradeFlaggAndel)}; it must be above 0 and at most 1.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
