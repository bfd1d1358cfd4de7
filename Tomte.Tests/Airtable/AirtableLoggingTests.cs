using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tomte.Tests.Airtable.Fake;
using Tomte.Worker.Airtable;

namespace Tomte.Tests.Airtable;

public sealed class AirtableLoggingTests
{
    [Fact]
    public async Task Retries_errors_and_429s_are_logged_without_field_values_or_the_token()
    {
        await using var fake = await FakeAirtable.StartAsync(AirtableTestServices.ScaledOptions());
        var fakeBase = fake.AddBase();
        fakeBase.AddTable("Grunneiere", FakeFields.Text("Eier-ID"), FakeFields.Text("navn"), FakeFields.Number("score"));
        var settings = fake.ClientSettings(fakeBase);
        settings["Tomte:Airtable:RetryDelay"] = "00:00:00.010";
        var logs = new LogCollector();
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddTomteAirtable(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<AirtableClient>();
        const string name = "Ola Nordmann Hemmeligsen";

        fake.InjectFault(FakeFault.ServiceUnavailable, 2);
        await client.UpsertAsync("Grunneiere", [new JsonObject { ["Eier-ID"] = "E1", ["navn"] = name }], ["Eier-ID"]);
        fake.Penalize(fakeBase.Id);
        await client.ListRecordsAsync("Grunneiere", new ListOptions { FilterByFormula = $"{{navn}} = '{name}'" }).ToListAsync();
        await Assert.ThrowsAsync<AirtableException>(() => client.CreateAsync("Grunneiere", [new JsonObject { ["Eier-ID"] = "E2", ["navn"] = name, ["score"] = "høy" }]));

        Assert.Contains(logs.Entries, e => e.EventId == 4001);
        Assert.Contains(logs.Entries, e => e.EventId == 4002);
        Assert.Contains(logs.Entries, e => e.EventId == 4003);
        Assert.All(logs.Entries, e =>
        {
            Assert.DoesNotContain("Hemmeligsen", e.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(fake.Token, e.Text, StringComparison.Ordinal);
        });
    }

    private sealed class LogCollector : ILoggerProvider
    {
        public ConcurrentBag<(int EventId, string Text)> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Collector(this);

        public void Dispose()
        {
        }

        private sealed class Collector(LogCollector owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                // Everything a sink could write: the message, every structured value, and the exception.
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                owner.Entries.Add((eventId.Id, $"{formatter(state, exception)} {values} {exception}"));
            }
        }
    }
}
