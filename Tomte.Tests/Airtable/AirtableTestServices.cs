using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tomte.Tests.Airtable.Fake;
using Tomte.Worker.Airtable;

namespace Tomte.Tests.Airtable;

/// <summary>The real client, wired as the worker wires it, pointed at a fake with scaled time.</summary>
internal static class AirtableTestServices
{
    /// <summary>Airtable's limits with time scaled down: 5 requests per 100 ms, a 300 ms penalty.</summary>
    public static FakeAirtableOptions ScaledOptions() => new()
    {
        RequestsPerWindow = 5,
        RateLimitWindow = TimeSpan.FromMilliseconds(100),
        RateLimitPenalty = TimeSpan.FromMilliseconds(300),
    };

    public static ServiceProvider Build(FakeAirtable fake, FakeBase fakeBase, IDictionary<string, string?>? overrides = null, TimeProvider? clock = null)
    {
        var settings = fake.ClientSettings(fakeBase);
        settings["Tomte:Airtable:RetryDelay"] = "00:00:00.010";
        settings["Tomte:Airtable:Timeout"] = "00:00:10";
        settings["Tomte:Airtable:MaxRetries"] = 3.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(clock ?? TimeProvider.System);
        services.AddTomteAirtable(configuration);
        return services.BuildServiceProvider(validateScopes: true);
    }

    public static AirtableClient Client(this ServiceProvider services) => services.GetRequiredService<AirtableClient>();
}

/// <summary>A fake with a "Tomter"-like table, shared set-up for the client tests.</summary>
internal sealed class AirtableTestBed : IAsyncDisposable
{
    private AirtableTestBed(FakeAirtable fake, FakeBase fakeBase, FakeTable table, ServiceProvider services)
    {
        Fake = fake;
        Base = fakeBase;
        Table = table;
        Services = services;
    }

    public FakeAirtable Fake { get; }
    public FakeBase Base { get; }
    public FakeTable Table { get; }
    public ServiceProvider Services { get; }
    public AirtableClient Client => Services.Client();

    public const string TableName = "Tomter";

    public static async Task<AirtableTestBed> StartAsync(FakeAirtableOptions? options = null, IDictionary<string, string?>? overrides = null)
    {
        var fake = await FakeAirtable.StartAsync(options ?? AirtableTestServices.ScaledOptions());
        var fakeBase = fake.AddBase();
        var table = fakeBase.AddTable(TableName,
            FakeFields.Text("Tomte-ID"),
            FakeFields.Text("kommune"),
            FakeFields.Number("score"),
            FakeFields.Checkbox("regulert"),
            FakeFields.MultipleSelects("konflikter", "flom", "kvikkleire", "kulturminne"),
            FakeFields.SingleSelect("status", "ny", "kontaktet", "dialog"),
            FakeFields.Text("ansvarlig"),
            FakeFields.DateTime("sist sett"),
            FakeFields.Attachments("kart"),
            FakeFields.LastModifiedTime("endret av teamet", "status", "ansvarlig"),
            FakeFields.Computed("løpenummer", "autoNumber"),
            FakeFields.Computed("opprettet", "createdTime"),
            FakeFields.Computed("sammendrag", "formula"));
        return new AirtableTestBed(fake, fakeBase, table, AirtableTestServices.Build(fake, fakeBase, overrides));
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
