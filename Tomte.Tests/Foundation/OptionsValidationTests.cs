using Microsoft.Extensions.Options;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Database;
using Tomte.Worker.Hosting;
using Tomte.Worker.Jobs;

namespace Tomte.Tests.Foundation;

public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("", "Tomte:Database:ConnectionString is empty")]
    [InlineData("Host=;Database=tomte", "Tomte:Database:ConnectionString")]
    [InlineData("Host=localhost", "names no Database")]
    [InlineData("this is = not ; a = valid ;; connection string ===", "Tomte:Database:ConnectionString")]
    public void Database_connection_string_is_rejected_with_the_key_in_the_message(string value, string expected)
    {
        var result = new DatabaseOptionsValidator().Validate(null, new DatabaseOptions { ConnectionString = value });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Database_errors_never_show_the_password()
    {
        var result = new DatabaseOptionsValidator().Validate(null, new DatabaseOptions { ConnectionString = "Host=localhost;Password=hemmelig123" });

        Assert.True(result.Failed);
        Assert.DoesNotContain("hemmelig123", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Password=***", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Command_timeout_out_of_range_names_key_and_value()
    {
        var result = new KeyedDataAnnotationsValidator<DatabaseOptions>(DatabaseOptions.Section).Validate(null, new DatabaseOptions { ConnectionString = "Host=h;Database=d", CommandTimeoutSeconds = 0 });

        Assert.True(result.Failed);
        Assert.Contains("Tomte:Database:CommandTimeoutSeconds is 0", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_cron_and_time_zone_are_rejected_with_key_and_value()
    {
        var options = new JobsOptions { TimeZone = "Mars/Olympus" };
        options.Schedules[PruneJobHistoryJob.Name] = "every night";

        var result = new JobsOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Tomte:Jobs:TimeZone 'Mars/Olympus'", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains($"Tomte:Jobs:Schedules:{PruneJobHistoryJob.Name} 'every night'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_defaults_pass()
    {
        Assert.True(new JobsOptionsValidator().Validate(null, new JobsOptions()).Succeeded);
        Assert.True(new OutputOptionsValidator().Validate(null, new OutputOptions()).Succeeded);
        Assert.True(new DatabaseOptionsValidator().Validate(null, new DatabaseOptions { ConnectionString = "Host=127.0.0.1;Database=tomte" }).Succeeded);
    }

    [Fact]
    public void Empty_output_directory_is_rejected()
    {
        var result = new OutputOptionsValidator().Validate(null, new OutputOptions { Directory = " " });

        Assert.True(result.Failed);
        Assert.Contains("Tomte:Output:Directory", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_refuses_to_start_a_verb_with_a_bad_setting()
    {
        await using var database = new PostgisDatabase();
        await database.InitializeAsync();
        using var host = TestHost.Build(database, new Dictionary<string, string?> { ["Tomte:Database:CommandTimeoutSeconds"] = "-5" });

        var error = Assert.Throws<OptionsValidationException>(() => TomteHost.ValidateOptions(host.Services));

        Assert.Contains("Tomte:Database:CommandTimeoutSeconds is -5", error.Message, StringComparison.Ordinal);
    }
}
