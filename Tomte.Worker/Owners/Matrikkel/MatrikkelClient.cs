using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tomte.Worker.Owners.Matrikkel;

/// <summary>
/// SOAP over HTTP to Kartverket's Matrikkel API with Basic auth: one POST per call to {BaseUrl}/{service}. A SOAP fault,
/// a refused login, a timeout or an unreachable server each become one <see cref="MatrikkelException"/> that says which.
/// </summary>
public sealed class MatrikkelClient(HttpClient http, IOptions<OwnersOptions> options, ILogger<MatrikkelClient> logger)
{
    private int _requests;

    /// <summary>Calls made by this client (the benchmark reports it to show batching).</summary>
    public int Requests => Volatile.Read(ref _requests);

    public async Task<XDocument> CallAsync(string service, XDocument envelope, CancellationToken cancellationToken)
    {
        var settings = options.Value.Matrikkel;
        var url = new Uri(settings.BaseUrl.TrimEnd('/') + "/" + service);
        var operation = envelope.Root?.Element(MatrikkelSoap.Soap + "Body")?.Elements().FirstOrDefault()?.Name.LocalName ?? service;
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(envelope.ToString(SaveOptions.DisableFormatting), Encoding.UTF8, "text/xml"),
        };
        request.Headers.Add("SOAPAction", "\"\"");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.Username}:{settings.Password}")));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        Interlocked.Increment(ref _requests);
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            logger.MatrikkelCalled(operation, (int)response.StatusCode, (long)TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new MatrikkelException(
                    $"Matrikkel API avviste innloggingen (HTTP {(int)response.StatusCode}) på {operation} ({url}); sjekk {OwnersOptions.Section}:Matrikkel:Username og Password, og at brukeren har rett til å lese eierforhold");
            }
            var document = TryParse(body);
            if (document?.Root?.Element(MatrikkelSoap.Soap + "Body")?.Element(MatrikkelSoap.Soap + "Fault") is { } fault)
            {
                throw Fault(operation, fault);
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new MatrikkelException($"Matrikkel API svarte HTTP {(int)response.StatusCode} på {operation} ({url})");
            }
            return document ?? throw new MatrikkelException($"Matrikkel API svarte med noe som ikke er XML på {operation} ({url})");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MatrikkelException($"Matrikkel API svarte ikke på {operation} innen {settings.Timeout.TotalSeconds:0.###} s ({url}); {OwnersOptions.Section}:Matrikkel:Timeout");
        }
        catch (HttpRequestException ex)
        {
            throw new MatrikkelException($"Matrikkel API kan ikke nås ({url}): {ex.Message}", ex);
        }
    }

    // faultcode/faultstring, and the detail's ServiceException category (":ServiceException:ApplicationException:FinderException:").
    private static MatrikkelException Fault(string operation, XElement fault)
    {
        var code = fault.Elements().FirstOrDefault(e => e.Name.LocalName == "faultcode")?.Value.Trim();
        var text = fault.Elements().FirstOrDefault(e => e.Name.LocalName == "faultstring")?.Value.Trim() ?? "";
        var category = fault.Descendants().FirstOrDefault(e => e.Name.LocalName == "category")?.Value.Trim();
        if (text.Length > 300)
        {
            text = text[..300] + " …";
        }
        return new MatrikkelException($"Matrikkel API svarte med SOAP-feil på {operation}: {code}{(category is null ? "" : " " + category)} {text}".TrimEnd(), category);
    }

    private static XDocument? TryParse(string body)
    {
        try
        {
            return body.Length == 0 ? null : XDocument.Parse(body);
        }
        catch (XmlException)
        {
            return null;
        }
    }
}

/// <summary>A failed Matrikkel call: the message says what went wrong and which setting or service to look at.</summary>
public sealed class MatrikkelException : Exception
{
    public MatrikkelException(string message, string? category = null) : base(message) => Category = category;

    public MatrikkelException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public MatrikkelException()
    {
    }

    /// <summary>The ServiceException category of a SOAP fault, if any.</summary>
    public string? Category { get; }
}
