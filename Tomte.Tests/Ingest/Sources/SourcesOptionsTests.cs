using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tomte.Worker.Ingest.Sources;

namespace Tomte.Tests.Ingest.Sources;

public sealed class SourcesOptionsTests
{
    [Fact]
    public void Defaults_point_at_the_real_services_and_pass()
    {
        var options = new SourcesOptions();

        Assert.True(new SourcesOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal("https://nap.ft.dibk.no/services/rest/", options.Nap.BaseUrl);
        Assert.Equal("https://wfs.geonorge.no/skwms1/wfs.matrikkelen-eiendomskart-teig", options.Teig.BaseUrl);
    }

    [Fact]
    public void Bad_values_are_named_with_their_full_key()
    {
        var options = new SourcesOptions();
        options.Nap.BaseUrl = "nap.ft.dibk.no";
        options.Nap.Username = "tomte";
        options.Teig.PageSize = 0;
        options.Endpoints["Verneomrader"] = new SourceEndpointOptions { BaseUrl = "https://user:pw@example.invalid/wfs" };
        options.Http.MaxRetries = 50;
        options.Http.TotalTimeout = TimeSpan.FromSeconds(1);

        var result = new SourcesOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Tomte:Sources:Nap:BaseUrl 'nap.ft.dibk.no' is not an absolute http(s) URL.", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Tomte:Sources:Nap: set both Username and Password (Password from the environment, e.g. Tomte__Sources__Nap__Password)", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Tomte:Sources:Teig:PageSize is 0", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Tomte:Sources:Endpoints:Verneomrader:BaseUrl carries credentials", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("pw@", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Tomte:Sources:Http:MaxRetries is 50", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Tomte:Sources:Http:TotalTimeout '00:00:01' is shorter than Tomte:Sources:Http:AttemptTimeout", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_validation_rejects_a_bad_key_and_named_endpoints_resolve()
    {
        await using var server = await FixtureServer.StartAsync((_, _) => Task.CompletedTask);
        using (var bad = server.Services(new Dictionary<string, string?> { ["Tomte:Sources:Http:RetryDelay"] = "00:00:00" }))
        {
            var error = Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IOptions<SourcesOptions>>().Value);
            Assert.Contains("Tomte:Sources:Http:RetryDelay '00:00:00' must be above 0", error.Message, StringComparison.Ordinal);
        }

        using var services = server.Services(new Dictionary<string, string?> { ["Tomte:Sources:Endpoints:Kommuner:BaseUrl"] = "https://example.invalid/wfs.administrative_enheter" });
        var factory = services.GetRequiredService<FeatureServices>();
        Assert.StartsWith("https://example.invalid/wfs.administrative_enheter?service=WFS", factory.Wfs("Kommuner", new WfsQuery("app:Kommune")).Description, StringComparison.Ordinal);
        var missing = Assert.Throws<InvalidOperationException>(() => factory.Wfs("Flomsoner", new WfsQuery("app:Flomsone")));
        Assert.Contains("Tomte:Sources:Endpoints:Flomsoner:BaseUrl", missing.Message, StringComparison.Ordinal);
    }
}
