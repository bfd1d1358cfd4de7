using System.Collections.Concurrent;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tomte.Worker.Owners.Matrikkel;

namespace Tomte.Tests.Owners;

/// <summary>
/// A Kestrel server on loopback standing in for the Matrikkel API: it checks Basic auth like the real one, and answers each
/// SOAP call through <c>answer</c> (a recorded-format fixture, a fault, a generated register answer ...).
/// </summary>
internal sealed class MatrikkelServer : IAsyncDisposable
{
    public const string Username = "tomte_test";
    public const string Password = "hemmelig-test";

    public static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Owners", "Fixtures", "matrikkel-soap");

    private readonly WebApplication _app;

    private MatrikkelServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public sealed record Call(string Path, string Operation, string IdType, int Items, string Body);

    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <param name="answer">The status and body for a call, given its path, operation and request; null answers with the fixture for the operation.</param>
    public static async Task<MatrikkelServer> StartAsync(Func<Call, HttpContext, Task<(int Status, string Body)?>>? answer = null, TimeSpan latency = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        MatrikkelServer? server = null;
        app.Run(async context =>
        {
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));
            if (context.Request.Headers.Authorization.ToString() != expected)
            {
                context.Response.StatusCode = 401;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"matrikkel\"";
                await context.Response.WriteAsync("<html><body>401 Unauthorized</body></html>");
                return;
            }
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            var request = XDocument.Parse(body);
            var operation = request.Root!.Element(MatrikkelSoap.Soap + "Body")!.Elements().First();
            var items = operation.Descendants().Where(e => e.Name.LocalName == "item" && e.Parent!.Name.LocalName is "ids" or "matrikkelenhetIdentList").ToList();
            var idType = items.FirstOrDefault()?.Attribute(MatrikkelSoap.Xsi + "type")?.Value ?? "";
            var call = new Call(context.Request.Path.Value ?? "", operation.Name.LocalName, idType[(idType.IndexOf(':', StringComparison.Ordinal) + 1)..], items.Count, body);
            server!.Calls.Enqueue(call);
            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, context.RequestAborted);
            }
            var (status, text) = (answer is null ? null : await answer(call, context)) ?? (200, Fixture(call));
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/xml; charset=utf-8";
            await context.Response.WriteAsync(text, context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new MatrikkelServer(app, new Uri(address + "/matrikkelapi/wsapi/v1"));
        return server;
    }

    /// <summary>The recorded-format answer for a call: findMatrikkelenhetIdsForIdents, or getObjects by the kind of id asked for.</summary>
    public static string Fixture(Call call) => File.ReadAllText(Path.Combine(FixtureDirectory, call.Operation switch
    {
        "findMatrikkelenhetIdsForIdents" => "findMatrikkelenhetIdsForIdents.response.xml",
        "getObjects" when call.IdType == "MatrikkelenhetId" => "getObjects-Matrikkelenhet.response.xml",
        "getObjects" when call.IdType == "PersonId" => "getObjects-Person.response.xml",
        "getObjects" when call.IdType == "PostnummeromradeId" => "getObjects-Postnummeromrade.response.xml",
        _ => throw new InvalidOperationException($"no fixture for {call.Operation} {call.IdType}"),
    }));

    public Dictionary<string, string?> Settings(string? password = Password, TimeSpan? timeout = null, int batchSize = 100) => new()
    {
        ["Tomte:Owners:Provider"] = "Matrikkel",
        ["Tomte:Owners:LegalBasis"] = "Utleveringsforskriften § 4 (test)",
        ["Tomte:Owners:Matrikkel:BaseUrl"] = BaseUri.AbsoluteUri,
        ["Tomte:Owners:Matrikkel:Username"] = Username,
        ["Tomte:Owners:Matrikkel:Password"] = password,
        ["Tomte:Owners:Matrikkel:Timeout"] = (timeout ?? TimeSpan.FromSeconds(30)).ToString("c"),
        ["Tomte:Owners:Matrikkel:BatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
