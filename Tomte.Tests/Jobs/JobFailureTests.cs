using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Doctor;
using Tomte.Worker.Jobs;

namespace Tomte.Tests.Jobs;

public sealed class JobFailureTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task A_failing_job_is_logged_once_per_run_with_its_stack_trace_does_not_chain_and_shows_in_doctor_after_three_in_a_row()
    {
        var log = new CapturedLog();
        using var host = TestHost.Build(_database, new Dictionary<string, string?> { ["Tomte:Jobs:Schedules:ingest"] = "" },
            services => services.AddLogging(b => b.AddProvider(log)), isService: true);
        await host.StartAsync();
        try
        {
            var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            // An empty database: the analysis has no kommuneplan to work on and fails.
            for (var run = 1; run <= 3; run++)
            {
                await scheduler.TriggerJob(new JobKey("analysis"));
                var expected = run;
                await Eventually.TrueAsync(
                    async () => await _database.ScalarAsync<long>("SELECT count(*) FROM ops.job_run WHERE job_name = 'analysis' AND outcome = 'failed'") == expected,
                    $"analysis failure {run} is recorded");
            }
            await Eventually.TrueAsync(() => Task.FromResult(log.Entries.Count(e => e.Exception is not null) >= 3), "three failures logged");

            // Logged once per failure, by Tomte's event 2002 with the exception (and so its stack trace); Quartz adds none.
            var withException = log.Entries.Where(e => e.Exception is not null).ToArray();
            Assert.True(withException.Length == 3, string.Join("\n", withException.Select(e => $"{e.Category} {e.EventId} {e.Message}")));
            Assert.All(withException, e => Assert.Equal(2002, e.EventId));
            Assert.Contains(withException, e => e.Message.Contains("(3 in a row)", StringComparison.Ordinal));
            Assert.NotNull(withException[0].Exception!.StackTrace);
            // No success, so the owners job was never chained after it.
            Assert.Equal(0, await _database.ScalarAsync<long>("SELECT count(*) FROM ops.job_run WHERE job_name = 'owners'"));
            Assert.Equal(3, await _database.ScalarAsync<int>("SELECT failures FROM ops.job_failure_streak WHERE job_name = 'analysis'"));

            var doctor = await host.Services.GetRequiredService<DoctorRunner>().RunAsync(CancellationToken.None);
            var jobs = Assert.Single(doctor, l => l.Label == "Jobber");
            Assert.Equal(DoctorStatus.Warning, jobs.Result.Status);
            Assert.Contains("analysis har feilet 3 ganger på rad", jobs.Result.Detail, StringComparison.Ordinal);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private sealed record Entry(string Category, int EventId, string Message, Exception? Exception);

    private sealed class CapturedLog : ILoggerProvider
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    entries.Enqueue(new Entry(category, eventId.Id, formatter(state, exception), exception));
                }
            }
        }
    }
}
