using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tomte.Tests.Airtable.Fake;
using Tomte.Tests.Infrastructure;

namespace Tomte.Tests.Airtable.Sync;

/// <summary>
/// The worker's real host on a fresh PostGIS database, its real Airtable client pointed over HTTP at the fake,
/// and every request body the client put on the wire (to prove what the worker writes).
/// </summary>
internal sealed class SyncTestBed : IAsyncDisposable
{
    private SyncTestBed(FakeAirtable fake, FakeBase fakeBase, IHost host, WireLog wire)
    {
        Fake = fake;
        Base = fakeBase;
        Host = host;
        Wire = wire;
    }

    public FakeAirtable Fake { get; }

    public FakeBase Base { get; }

    public IHost Host { get; }

    public WireLog Wire { get; }

    public T Get<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    public FakeTable Table(string name) => Base.Table(name);

    public static async Task<SyncTestBed> StartAsync(PostgisDatabase database, FakeAirtableOptions? options = null, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var fake = await FakeAirtable.StartAsync(options ?? AirtableTestServices.ScaledOptions());
        var fakeBase = fake.AddBase();
        var values = fake.ClientSettings(fakeBase);
        values["Tomte:Airtable:RetryDelay"] = "00:00:00.010";
        values["Tomte:Airtable:Timeout"] = "00:00:10";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        var wire = new WireLog();
        var host = TestHost.Build(database, values, collection =>
        {
            collection.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(() => new WireLogHandler(wire)));
            services?.Invoke(collection);
        });
        return new SyncTestBed(fake, fakeBase, host, wire);
    }

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        await Fake.DisposeAsync();
    }
}

/// <summary>Request bodies as the client sent them, and a hook to stop the worker after a given request.</summary>
internal sealed class WireLog
{
    public ConcurrentQueue<(string Method, string Path, JsonNode? Body)> Requests { get; } = new();

    /// <summary>Called after each answered request with its method and path; may throw to simulate a kill.</summary>
    public Action<string, string>? AfterResponse { get; set; }

    /// <summary>Every field name the worker sent in a record write (create, update, upsert), per table path.</summary>
    public IEnumerable<(string Path, string Field)> WrittenFields() =>
        from request in Requests
        where request.Method is "POST" or "PATCH" or "PUT" && request.Body?["records"] is JsonArray
        from record in request.Body!["records"]!.AsArray()
        from field in record!["fields"]!.AsObject()
        select (request.Path, field.Key);
}

internal sealed class WireLogHandler(WireLog log) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        JsonNode? body = null;
        if (request.Content is not null && request.Content.Headers.ContentType?.MediaType == "application/json")
        {
            body = JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken));
        }
        var path = Uri.UnescapeDataString(request.RequestUri!.AbsolutePath);
        log.Requests.Enqueue((request.Method.Method, path, body));
        var response = await base.SendAsync(request, cancellationToken);
        log.AfterResponse?.Invoke(request.Method.Method, path);
        return response;
    }
}
