using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Tomte.Tests.Airtable.Fake;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Airtable.Schema;
using Xunit.Abstractions;

namespace Tomte.Tests.Jobs;

/// <summary>
/// The reliability soak (deploy/soak.sh; a measurement, excluded from the normal run). Its assertions are the agreement
/// checks at the end; the figures go to the report.
/// </summary>
[Trait("Category", "Soak")]
public sealed class ServiceSoak(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task The_service_survives_kills_faults_and_429_storms_and_Airtable_agrees_with_the_database()
    {
        var minutes = int.TryParse(Environment.GetEnvironmentVariable("TOMTE_SOAK_MINUTES"), out var m) ? m : 20;
        var report = Environment.GetEnvironmentVariable("TOMTE_SOAK_REPORT") ?? Path.Combine(Path.GetTempPath(), "tomte-soak.md");

        // The sample data through the demo (ingest, analysis, owners, scores), without Airtable.
        var plain = ChildEnvironment.From(_database, new Dictionary<string, string?>());
        var demo = await TomteProcess.RunAsync(plain, "demo");
        Assert.True(demo.ExitCode == 0, demo.StandardError);

        await using var fake = await FakeAirtable.StartAsync(new FakeAirtableOptions
        {
            RateLimitWindow = TimeSpan.FromSeconds(1),
            RateLimitPenalty = TimeSpan.FromSeconds(30),
            RequestLatency = TimeSpan.FromMilliseconds(50),
        });
        var fakeBase = fake.AddBase();
        var settings = fake.ClientSettings(fakeBase);
        using (var host = TestHost.Build(_database, settings))
        {
            await TestHost.Get<AirtableSetup>(host).RunAsync(CancellationToken.None);
        }
        fake.Options.RandomFaultShare = 0.10;
        fake.ResetCounters();
        settings["Tomte:Jobs:Schedules:airtable-sync"] = "0/20 * * * * ?";
        settings["Tomte:Jobs:Schedules:airtable-readback"] = "10/20 * * * * ?";
        settings["Tomte:Jobs:Schedules:analysis"] = "0 0/3 * * * ?";
        settings["Tomte:Jobs:Schedules:prune-job-history"] = "0 0/5 * * * ?";
        settings["Tomte:Jobs:Schedules:ingest"] = "";
        settings["Tomte:Jobs:ShutdownTimeout"] = "00:00:25";
        settings["Tomte:Airtable:RetryDelay"] = "00:00:01";
        var environment = ChildEnvironment.From(_database, settings);

        var services = new[] { TomteService.Start(environment), TomteService.Start(environment) };
        var clock = Stopwatch.StartNew();
        var end = TimeSpan.FromMinutes(minutes);
        var restarts = 0;
        var terms = new List<double>();
        var kills = 0;
        var storms = new List<(DateTimeOffset From, DateTimeOffset To)>();
        var edits = 0;
        var changes = 0;
        var random = new Random(13);
        var nextRestart = TimeSpan.FromSeconds(30);
        var nextStorm = TimeSpan.FromMinutes(3);
        var nextEdit = TimeSpan.FromSeconds(15);
        var nextChange = TimeSpan.FromSeconds(40);
        try
        {
            while (clock.Elapsed < end)
            {
                if (clock.Elapsed >= nextRestart)
                {
                    // Every 30 s one of the two, so each is restarted every minute; SIGTERM and SIGKILL take turns.
                    var index = restarts % 2;
                    var old = services[index];
                    if (restarts / 2 % 2 == 0)
                    {
                        var stopping = Stopwatch.StartNew();
                        await old.SignalAsync("TERM");
                        Assert.True(await old.WaitForExitAsync(TimeSpan.FromSeconds(60)), "a SIGTERM'd service did not stop within 60 s:\n" + old.Output[^Math.Min(4000, old.Output.Length)..]);
                        terms.Add(stopping.Elapsed.TotalSeconds);
                    }
                    else
                    {
                        await old.SignalAsync("KILL");
                        await old.WaitForExitAsync(TimeSpan.FromSeconds(30));
                        kills++;
                    }
                    await File.AppendAllTextAsync(report + ".log", old.Output);
                    await old.DisposeAsync();
                    services[index] = TomteService.Start(environment);
                    restarts++;
                    nextRestart += TimeSpan.FromSeconds(30);
                }
                if (clock.Elapsed >= nextStorm)
                {
                    fake.Penalize(fakeBase.Id);
                    storms.Add((DateTimeOffset.UtcNow, DateTimeOffset.UtcNow + fake.Options.RateLimitPenalty));
                    nextStorm += TimeSpan.FromMinutes(3);
                }
                if (clock.Elapsed >= nextEdit && fakeBase.Table("Tomter").Records is { Count: > 0 } records)
                {
                    // The team changes a site's status and notes in Airtable.
                    var record = records[random.Next(records.Count)];
                    fakeBase.Table("Tomter").EditAsTeam(record.Id, new JsonObject
                    {
                        ["Status"] = TomteSchema.TomtStatus[random.Next(TomteSchema.TomtStatus.Count)],
                        ["Notater"] = $"Soak-endring {++edits}",
                    });
                    nextEdit += TimeSpan.FromSeconds(15);
                }
                if (clock.Elapsed >= nextChange)
                {
                    // Tomte's side changes too: five sites get a new explanation, so the sync has work.
                    changes++;
                    await using var command = _database.DataSource.CreateCommand(
                        $"UPDATE analysis.tomt SET score_forklaring = score_forklaring || ' (soak {changes})' WHERE tomte_id IN (SELECT tomte_id FROM analysis.tomt WHERE score >= 60 ORDER BY random() LIMIT 5)");
                    await command.ExecuteNonQueryAsync();
                    nextChange += TimeSpan.FromSeconds(40);
                }
                await Task.Delay(500);
            }
        }
        finally
        {
            foreach (var service in services)
            {
                await service.SignalAsync("TERM");
                await service.WaitForExitAsync(TimeSpan.FromSeconds(60));
                await File.AppendAllTextAsync(report + ".log", service.Output);
                await service.DisposeAsync();
            }
        }

        // Faults off, a last sync by hand (as an operator would), then a second one must find nothing to send.
        fake.Options.RandomFaultShare = 0;
        var during = fake.Counters;
        var stormy429 = fake.RequestLog.Count(e => e.Status == 429 && storms.Any(s => e.Time >= s.From && e.Time < s.To));
        await Task.Delay(fake.Options.RateLimitPenalty);
        var final = await TomteProcess.RunAsync(environment, "sync");
        Assert.True(final.ExitCode == 0, final.StandardError);
        fake.ResetCounters();
        var again = await TomteProcess.RunAsync(environment, "sync");
        Assert.True(again.ExitCode == 0, again.StandardError);
        var resent = fake.Counters.RecordsWritten;

        var tables = new[] { "Kommuner", "Tomter", "Grunneiere", "Eiendommer" };
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Tomte reliability soak ({minutes} min, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Two `tomte run` processes on one database, restarted {restarts} times ({terms.Count} SIGTERM, {kills} SIGKILL); SIGTERM to exit: max {(terms.Count == 0 ? 0 : terms.Max()):F1} s, mean {(terms.Count == 0 ? 0 : terms.Average()):F1} s.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Fake Airtable: {during.Total} requests, {during.Faulted} injected 5xx, {during.RateLimited} × 429 ({stormy429} inside the {storms.Count} injected 30 s storms, {during.RateLimited - stormy429} outside them), {during.RecordsWritten} records written.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Team edits in Airtable: {edits}; database changes: {changes} × 5 sites.");
        text.AppendLine();
        text.AppendLine("| job | outcome | runs |");
        text.AppendLine("|---|---|---|");
        await using (var command = _database.DataSource.CreateCommand("SELECT job_name, outcome, count(*) FROM ops.job_run GROUP BY 1, 2 ORDER BY 1, 2"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {reader.GetString(0)} | {reader.GetString(1)} | {reader.GetInt64(2)} |");
            }
        }
        var overlaps = await _database.ScalarAsync<long>("""
            SELECT count(*) FROM ops.job_run a JOIN ops.job_run b
              ON a.job_name = b.job_name AND a.job_run_id < b.job_run_id
             AND b.started_at < coalesce(a.finished_at, 'infinity') AND a.started_at < coalesce(b.finished_at, 'infinity')
            WHERE a.outcome <> 'running' AND b.outcome <> 'running'
            """);
        var retries = Regex429And5xx(File.Exists(report + ".log") ? await File.ReadAllTextAsync(report + ".log") : "");
        var ledger = await _database.ScalarAsync<long>("SELECT coalesce(sum(calls), 0)::bigint FROM ops.airtable_call");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Retries logged: {retries.Transient} transient (5xx), {retries.RateLimited} after a 429. Overlapping runs of one job: {overlaps}. Calls in ops.airtable_call: {ledger}.");
        text.AppendLine();
        text.AppendLine("| table | records in Airtable | distinct keys | record_map rows | resent by a second sync |");
        text.AppendLine("|---|---|---|---|---|");
        var disagreements = new List<string>();
        foreach (var table in tables)
        {
            var spec = TomteSchema.Table(table);
            var records = fakeBase.Table(table).Records;
            var keys = records.Select(r => r.Text(spec.Key.Name)).Distinct().Count();
            await using var command = _database.DataSource.CreateCommand("SELECT count(*) FROM airtable.record_map WHERE table_name = $1 AND discarded_at IS NULL");
            command.Parameters.AddWithValue(table);
            var mapped = (long)(await command.ExecuteScalarAsync())!;
            text.AppendLine(CultureInfo.InvariantCulture, $"| {table} | {records.Count} | {keys} | {mapped} | {(table == "Tomter" ? resent.ToString(CultureInfo.InvariantCulture) : "")} |");
            if (keys != records.Count || mapped != records.Count)
            {
                disagreements.Add($"{table}: {records.Count} records, {keys} keys, {mapped} mapped");
            }
        }
        // Every status and note the team set is in the database's current team values.
        var lost = 0;
        foreach (var record in fakeBase.Table("Tomter").Records)
        {
            foreach (var field in new[] { "Status", "Notater" })
            {
                var inAirtable = record.Fields.TryGetValue(field, out var value) ? value.ToJsonString() : null;
                await using var command = _database.DataSource.CreateCommand(
                    "SELECT value::text FROM airtable.team_field_current WHERE table_name = 'Tomter' AND record_key = $1 AND field_name = $2");
                command.Parameters.AddWithValue(record.Text("Tomte-ID")!);
                command.Parameters.AddWithValue(field);
                var inDatabase = await command.ExecuteScalarAsync() as string;
                if (inAirtable is not null && JsonNode.Parse(inDatabase ?? "null")?.ToJsonString() != inAirtable)
                {
                    lost++;
                }
            }
        }
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Team values in Airtable missing or different in the database: {lost}. Records written by a second sync after the final one: {resent}.");
        await File.WriteAllTextAsync(report, text.ToString());
        output.WriteLine(text.ToString());

        Assert.Empty(disagreements);
        Assert.Equal(0, lost);
        Assert.Equal(0, resent);
        Assert.Equal(0, overlaps);
        Assert.Equal(0, during.RateLimited - stormy429);
    }

    private static (int Transient, int RateLimited) Regex429And5xx(string log) =>
        (log.Split('\n').Count(l => l.Contains("failed transiently", StringComparison.Ordinal)),
         log.Split('\n').Count(l => l.Contains("answered 429", StringComparison.Ordinal)));
}
