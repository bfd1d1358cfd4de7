using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tomte.Worker.Hosting;
using Tomte.Worker.Ingest;
using Tomte.Worker.Ingest.Sources;

using static Tomte.Tests.Infrastructure.SettingsValidation;

namespace Tomte.Tests.Ingest;

/// <summary>The default services are complete and valid; a broken source setting is named by key and value.</summary>
public sealed class DefaultServicesOptionsTests
{
    [Fact]
    public void Every_dataset_but_the_hensynssoner_has_an_enabled_default_source_on_a_configured_endpoint()
    {
        var datasets = new IngestOptions().Datasets;
        var sources = new SourcesOptions();

        Assert.Equal(
            Datasets.All.Select(d => d.Name).Where(n => !n.EndsWith("-hensynssoner", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
            datasets.Where(d => d.Value.Enabled).Select(d => d.Key).Order(StringComparer.Ordinal));
        Assert.All(datasets.Values, source => Assert.StartsWith("https://", sources.Endpoint(source.Endpoint).BaseUrl, StringComparison.Ordinal));
        Assert.Equal(["21", "22", "23"], datasets["dyrka-mark"].Where["arealtype"]);
    }

    [Fact]
    public void Configured_values_merge_with_the_default_endpoints_and_datasets()
    {
        using var host = TomteHost.CreateBuilder([], isService: false, new Dictionary<string, string?>
        {
            ["Tomte:Database:ConnectionString"] = "Host=127.0.0.1;Database=tomte;Username=tomte",
            ["Tomte:Sources:Endpoints:NibioAr5:BaseUrl"] = "https://wfs.example.invalid/cgi-bin/ar5",
            ["Tomte:Ingest:Datasets:kulturminner:Enabled"] = "false",
        }).Build();

        var sources = host.Services.GetRequiredService<IOptions<SourcesOptions>>().Value;
        var ingest = host.Services.GetRequiredService<IOptions<IngestOptions>>().Value;

        Assert.Equal("https://wfs.example.invalid/cgi-bin/ar5", sources.Endpoint("NibioAr5").BaseUrl);
        Assert.Equal(5000, sources.Endpoint("NibioAr5").PageSize);
        Assert.Equal(DefaultServices.EnturStops, sources.Endpoint("EnturStops").BaseUrl);
        Assert.Equal("ms:ar5", ingest.Datasets["dyrka-mark"].TypeName);
        Assert.False(ingest.Datasets["kulturminner"].Enabled);
        Assert.Equal("lokaliteter", ingest.Datasets["kulturminner"].Collection);
    }

    [Fact]
    public void Bad_source_settings_are_named_by_key_and_value()
    {
        var error = Validate(new()
        {
            ["Tomte:Ingest:Datasets:kommune:Namespace"] = "",
            ["Tomte:Ingest:Datasets:verneomrader:Attributes:navn"] = "",
            ["Tomte:Ingest:Datasets:flomsoner:Kind"] = "arcgis",
        });

        Assert.NotNull(error);
        var failures = string.Join("\n", error.Failures);
        Assert.Contains("Tomte:Ingest:Datasets:kommune:Namespace is empty; the WFS kommune filter on 'app:kommunenummer' needs the namespace URI of its prefix.", failures, StringComparison.Ordinal);
        Assert.Contains("Tomte:Ingest:Datasets:verneomrader:Attributes:navn '': both the dataset key and the service attribute must be named.", failures, StringComparison.Ordinal);
        Assert.Contains("Tomte:Ingest:Datasets:flomsoner:Kind 'arcgis' must be 'ogcapi', 'wfs', 'nvdb' or 'download'.", failures, StringComparison.Ordinal);
    }
}
