using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Analysis;
using Tomte.Worker.Hosting;

namespace Tomte.Tests.Analysis;

public sealed class AnalysisOptionsTests
{
    private static (OptionsValidationException? Error, AnalysisOptions Options) Validate(Dictionary<string, string?> settings)
    {
        var options = new AnalysisOptions();
        var error = SettingsValidation.Validate(settings, services => options = services.GetRequiredService<IOptions<AnalysisOptions>>().Value);
        return (error, options);
    }

    [Fact]
    public void The_defaults_are_the_issues_codes_and_thresholds()
    {
        var (error, options) = Validate([]);

        Assert.Null(error);
        Assert.Equal([1110, 1130, 1800], options.AllArealformal);
        Assert.Equal([2], options.EffectiveArealbruksstatus);
        Assert.Equal([3, 6], options.EffectiveVedtattPlanstatus);
        Assert.Equal([1, 2], options.EffectiveSignalPlanstatus);
        Assert.Equal([2], options.EffectiveVertikalniva);
        Assert.Equal((1.0, 10.0, 400.0, 0.5), (options.MinArealDaa, options.MinBreddeMeter, options.KvadratmeterPerBolig, options.IouTerskel));
        Assert.Equal(Environment.ProcessorCount, options.EffectiveParallellitet);
    }

    [Fact]
    public void A_set_parallellitet_is_taken_as_it_is()
    {
        var (error, options) = Validate(new() { ["Tomte:Analysis:Parallellitet"] = "3" });

        Assert.Null(error);
        Assert.Equal(3, options.EffectiveParallellitet);
    }

    [Fact]
    public void Bad_analysis_settings_are_named_by_key_and_value()
    {
        var (error, _) = Validate(new()
        {
            ["Tomte:Analysis:BoligArealformal:0"] = "111",
            ["Tomte:Analysis:SignalPlanstatus:0"] = "3",
            ["Tomte:Analysis:MinArealDaa"] = "-1",
            ["Tomte:Analysis:KvadratmeterPerBolig"] = "0",
            ["Tomte:Analysis:IouTerskel"] = "1.5",
            ["Tomte:Analysis:Parallellitet"] = "-1",
        });

        Assert.NotNull(error);
        Assert.Contains("Tomte:Analysis:BoligArealformal:0 is 111; arealformål codes are four digits (1110 boligbebyggelse).", error.Failures);
        Assert.Contains("Tomte:Analysis:SignalPlanstatus contains 3, which VedtattPlanstatus also holds; a plan cannot both subtract and be a signal.", error.Failures);
        Assert.Contains("Tomte:Analysis:MinArealDaa is -1; it must be between 0 and 10000 daa.", error.Failures);
        Assert.Contains("Tomte:Analysis:KvadratmeterPerBolig is 0; it must be above 0 and at most 100000 m² per dwelling.", error.Failures);
        Assert.Contains("Tomte:Analysis:IouTerskel is 1.5; it must be above 0 and at most 1 (intersection over union).", error.Failures);
        Assert.Contains("Tomte:Analysis:Parallellitet is -1; it must be between 1 and 64, or 0 for one per processor core.", error.Failures);
    }

    [Fact]
    public void Changed_settings_change_the_fingerprint_so_the_next_run_recomputes()
    {
        var (_, defaults) = Validate([]);
        var (_, wider) = Validate(new() { ["Tomte:Analysis:MinBreddeMeter"] = "12" });

        Assert.NotEqual(defaults.Fingerprint(), wider.Fingerprint());
        Assert.Equal(defaults.Fingerprint(), new AnalysisOptions().Fingerprint());
    }
}
