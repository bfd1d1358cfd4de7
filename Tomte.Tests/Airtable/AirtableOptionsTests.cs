using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Airtable;
using Tomte.Worker.Hosting;

namespace Tomte.Tests.Airtable;

public sealed class AirtableOptionsTests
{
    [Theory]
    [InlineData("BaseId", "xyz", "Tomte:Airtable:BaseId 'xyz' is not an Airtable base id")]
    [InlineData("BaseId", "app123", "Tomte:Airtable:BaseId 'app123'")]
    [InlineData("ApiUrl", "api.airtable.com", "Tomte:Airtable:ApiUrl 'api.airtable.com' is not an absolute http(s) URL")]
    [InlineData("ContentUrl", "ftp://content.airtable.com", "Tomte:Airtable:ContentUrl 'ftp://content.airtable.com'")]
    [InlineData("RequestsPerSecond", "0", "Tomte:Airtable:RequestsPerSecond is 0")]
    [InlineData("RateLimitPenalty", "00:00:00", "Tomte:Airtable:RateLimitPenalty is 00:00:00")]
    [InlineData("Timeout", "-00:00:01", "Tomte:Airtable:Timeout is -00:00:01")]
    [InlineData("MaxRetries", "99", "Tomte:Airtable:MaxRetries is 99")]
    public void Bad_settings_are_rejected_naming_key_and_value(string key, string value, string expected)
    {
        var options = new AirtableOptions { Token = "patX.y", BaseId = "appAbCdEfGhIjKlMn" };
        var property = typeof(AirtableOptions).GetProperty(key)!;
        property.SetValue(options, property.PropertyType == typeof(TimeSpan) ? TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : property.PropertyType == typeof(int) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : value);

        var result = new AirtableOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_without_a_base_is_rejected_and_the_token_is_never_shown()
    {
        var result = new AirtableOptionsValidator().Validate(null, new AirtableOptions { Token = "patSecret 123" });

        Assert.True(result.Failed);
        Assert.Contains("Tomte:Airtable:BaseId is empty", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Tomte:Airtable:Token contains whitespace", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("patSecret", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_airtables_real_limits_and_valid_without_a_token()
    {
        var options = new AirtableOptions();

        Assert.True(new AirtableOptionsValidator().Validate(null, options).Succeeded);
        Assert.False(options.IsConfigured);
        Assert.Equal(("https://api.airtable.com", "https://content.airtable.com"), (options.ApiUrl, options.ContentUrl));
        Assert.Equal((5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)), (options.RequestsPerSecond, options.RateLimitWindow, options.RateLimitPenalty));
    }

    [Fact]
    public async Task The_worker_host_wires_the_client_and_refuses_a_bad_base_id()
    {
        await using var database = new PostgisDatabase();
        await database.InitializeAsync();
        using var good = TestHost.Build(database, new Dictionary<string, string?> { ["Tomte:Airtable:BaseId"] = "appAbCdEfGhIjKlMn", ["Tomte:Airtable:Token"] = "patX.y" });
        using var bad = TestHost.Build(database, new Dictionary<string, string?> { ["Tomte:Airtable:BaseId"] = "base-1" });

        TomteHost.ValidateOptions(good.Services);
        var client = good.Services.GetRequiredService<AirtableClient>();
        var error = Assert.Throws<OptionsValidationException>(() => TomteHost.ValidateOptions(bad.Services));

        Assert.True(client.IsConfigured);
        Assert.Equal("appAbCdEfGhIjKlMn", client.BaseId);
        Assert.Contains("Tomte:Airtable:BaseId 'base-1'", error.Message, StringComparison.Ordinal);
    }
}
