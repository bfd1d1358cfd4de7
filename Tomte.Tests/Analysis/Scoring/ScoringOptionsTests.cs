using Tomte.Tests.Infrastructure;
using Tomte.Worker.Analysis.Scoring;

namespace Tomte.Tests.Analysis.Scoring;

public sealed class ScoringOptionsTests
{
    [Fact]
    public void The_default_weights_sum_to_one_and_pass()
    {
        Assert.Null(SettingsValidation.Validate([]));
    }

    [Fact]
    public void Weights_that_do_not_sum_to_one_are_rejected_naming_the_keys()
    {
        var failure = SettingsValidation.Validate(new() { ["Tomte:Scoring:Vekter:Kapasitet"] = "0.30" });

        Assert.NotNull(failure);
        var message = string.Join(" ", failure!.Failures);
        Assert.Contains("Tomte:Scoring:Vekter sum to 1.1; the seven weights must sum to 1", message, StringComparison.Ordinal);
        Assert.Contains("Tomte:Scoring:Vekter:Kapasitet=0.3", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_weight_and_a_scale_without_length_are_rejected_with_key_and_value()
    {
        var failure = SettingsValidation.Validate(new()
        {
            ["Tomte:Scoring:Vekter:Eierstruktur"] = "-0.1",
            ["Tomte:Scoring:Vekter:KommunalVilje"] = "0.3",
            ["Tomte:Scoring:Skalaer:VeiMeter:Verst"] = "25",
        });

        Assert.NotNull(failure);
        var message = string.Join(" ", failure!.Failures);
        Assert.Contains("Tomte:Scoring:Vekter:Eierstruktur is -0.1; a weight must be between 0 and 1", message, StringComparison.Ordinal);
        Assert.Contains("Tomte:Scoring:Skalaer:VeiMeter is Verst=25, Best=25; both must be numbers and differ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_change_the_fingerprint_so_every_site_is_rescored()
    {
        var changed = new ScoringOptions();
        changed.Skalaer.ArealDaa.Best = 30;

        Assert.NotEqual(new ScoringOptions().Fingerprint(), changed.Fingerprint());
        Assert.Equal(new ScoringOptions().Fingerprint(), new ScoringOptions().Fingerprint());
    }
}
