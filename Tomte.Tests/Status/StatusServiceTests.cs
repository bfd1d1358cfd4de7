using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Quartz;
using Tomte.Tests.Airtable.Fake;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Status;

namespace Tomte.Tests.Status;

/// <summary>
/// The service side: the Systemstatus job on the clustered Quartz store, next fire times read back from it, the
/// metrics scraped over real HTTP from the Prometheus endpoint, and <c>tomte status</c> as an operator runs it.
/// </summary>
public sealed class StatusServiceTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        await StatusData.InsertAsync(_database);
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task The_job_writes_Systemstatus_and_job_durations_and_records_synced_are_scraped_from_the_metrics_endpoint()
    {
        await using var fake = await FakeAirtable.StartAsync(Airtable.AirtableTestServices.ScaledOptions());
        var fakeBase = fake.AddBase();
        var settings = fake.ClientSettings(fakeBase);
        var port = FreeLoopbackPort();
        settings["Tomte:Metrics:PrometheusPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The clock of the hand-made data (30 November 2026), so freshness and the month's calls are what they were written for.
        using var host = TestHost.Build(_database, settings, s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(StatusData.Now)), isService: true);
        await host.Services.GetRequiredService<AirtableSetup>().RunAsync(CancellationToken.None);
        await host.StartAsync();
        try
        {
            await Eventually.TrueAsync(
                async () => await _database.ScalarAsync<string>($"SELECT cron_expression FROM qrtz_cron_triggers WHERE trigger_name = '{SystemstatusJob.Name}-cron'") == SystemstatusJob.DefaultSchedule,
                "the Systemstatus job's cron trigger is stored");
            var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            await scheduler.TriggerJob(new JobKey(SystemstatusJob.Name));
            await Eventually.TrueAsync(
                async () => await _database.ScalarAsync<long>($"SELECT count(*) FROM ops.job_run WHERE job_name = '{SystemstatusJob.Name}' AND outcome = 'succeeded'") == 1,
                "the Systemstatus job succeeded");

            Assert.Equal(12 + 1 + 5, fakeBase.Table(TomteSchema.Systemstatus).Count);  // the hand-made rows, this job, and the registered jobs that have not run yet
            var row = fakeBase.Table(TomteSchema.Systemstatus).Records.Single(r => r.Text("Nøkkel") == "Jobb: systemstatus");
            Assert.Equal("kjører", row.Text("Utfall"));  // read while its own first run was still being recorded
            Assert.NotNull(row.Text("Neste kjøring"));

            // The next fire times come from the Quartz store.
            var report = await host.Services.GetRequiredService<StatusReader>().ReadAsync(CancellationToken.None);
            var next = report.Jobs.Single(j => j.Name == SystemstatusJob.Name).NextFire;
            var expected = await scheduler.GetTrigger(new TriggerKey(SystemstatusJob.Name + "-cron"));
            Assert.Equal(expected!.NextFireTimeUtc, next);
            Assert.NotNull(report.Jobs.Single(j => j.Name == "ingest").NextFire);

            using var http = new HttpClient();
            var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Matches(new Regex("""^# TYPE tomte_job_duration_seconds histogram$""", RegexOptions.Multiline), body);
            Assert.Matches(new Regex("""^tomte_job_duration_seconds_count\{[^}]*job="systemstatus"[^}]*outcome="succeeded"[^}]*\} 1( \d+)?$""", RegexOptions.Multiline), body);
            Assert.Matches(new Regex("""^tomte_airtable_records_total\{[^}]*direction="sent"[^}]*table="Systemstatus"[^}]*\} 18( \d+)?$""", RegexOptions.Multiline), body);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Tomte_status_prints_the_summary_and_a_bad_setting_is_one_line_naming_the_key()
    {
        var environment = new Dictionary<string, string?> { ["Tomte__Database__ConnectionString"] = _database.ConnectionString };

        var outcome = await TomteProcess.RunAsync(environment, "status", "--detaljer");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("", outcome.StandardError);
        var lines = outcome.StandardOutput.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.StartsWith("Tomte status ", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("Airtable-kall i ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("!!ingest ", StringComparison.Ordinal) && l.Contains("feilet 3 ganger på rad", StringComparison.Ordinal));
        Assert.Contains(lines, l => Regex.IsMatch(l, "^  grunneiere kontaktet +3 av 300 +1 %$"));

        environment["Tomte__Status__StaleAfter"] = "-1.00:00:00";
        var bad = await TomteProcess.RunAsync(environment, "status");

        Assert.Equal(1, bad.ExitCode);
        Assert.Equal("tomte status: ugyldig konfigurasjon: Tomte:Status:StaleAfter is -1.00:00:00; it must be positive (e.g. 3.00:00:00 for three days).",
            bad.StandardError.Trim());
    }

    [Fact]
    public void The_metrics_endpoint_is_refused_on_anything_but_loopback()
    {
        using var host = TestHost.Build(_database, new Dictionary<string, string?>
        {
            ["Tomte:Metrics:PrometheusPort"] = "9464",
            ["Tomte:Metrics:PrometheusHost"] = "0.0.0.0",
        });

        var error = Assert.ThrowsAny<Microsoft.Extensions.Options.OptionsValidationException>(() => Tomte.Worker.Hosting.TomteHost.ValidateOptions(host.Services));

        Assert.Contains("Tomte:Metrics:PrometheusHost '0.0.0.0' is not an IPv4 loopback address", error.Message, StringComparison.Ordinal);
    }
}
