using System.Net;
using System.Text.RegularExpressions;

namespace Tomte.Worker.Airtable;

/// <summary>
/// Airtable refused or could not answer a request. <see cref="ErrorType"/> is Airtable's own error type
/// (INVALID_VALUE_FOR_COLUMN, UNKNOWN_FIELD_NAME, ...) or, when there was no Airtable answer,
/// one of <see cref="Timeout"/>, <see cref="NetworkError"/> or HTTP_&lt;status&gt;.
/// </summary>
public sealed partial class AirtableException : Exception
{
    public const string Timeout = "TIMEOUT";
    public const string NetworkError = "NETWORK_ERROR";
    public const string AttachmentTooLarge = "ATTACHMENT_TOO_LARGE";

    public AirtableException(string operation, HttpStatusCode? status, string errorType, string? airtableMessage, string? table, string? field, string? recordId, Exception? inner = null)
        : base(Describe(operation, status, errorType, airtableMessage, table, field, recordId), inner)
    {
        Operation = operation;
        Status = status;
        ErrorType = errorType;
        AirtableMessage = airtableMessage;
        Table = table;
        Field = field;
        RecordId = recordId;
    }

    public AirtableException()
        : this("request", null, "UNKNOWN", null, null, null, null)
    {
    }

    public AirtableException(string message)
        : this("request", null, "UNKNOWN", message, null, null, null)
    {
    }

    public AirtableException(string message, Exception innerException)
        : this("request", null, "UNKNOWN", message, null, null, null, innerException)
    {
    }

    /// <summary>What the client was doing, e.g. "upsert".</summary>
    public string Operation { get; }

    /// <summary>HTTP status; null when no response came (timeout, network error) or the client refused before sending.</summary>
    public HttpStatusCode? Status { get; }

    public string ErrorType { get; }

    /// <summary>Airtable's message as it sent it; may be null (some 404s carry none).</summary>
    public string? AirtableMessage { get; }

    public string? Table { get; }

    /// <summary>The field the error is about, when the request or Airtable's message names one.</summary>
    public string? Field { get; }

    /// <summary>The record the error is about, when the request or Airtable's message names one.</summary>
    public string? RecordId { get; }

    public bool IsRateLimit => Status == HttpStatusCode.TooManyRequests;

    private static string Describe(string operation, HttpStatusCode? status, string errorType, string? message, string? table, string? field, string? recordId)
    {
        var where = string.Join(", ", new[]
        {
            table is null ? null : $"table '{table}'",
            field is null ? null : $"field '{field}'",
            recordId is null ? null : $"record {recordId}",
        }.Where(p => p is not null));
        var statusText = status is null ? "" : $"{(int)status.Value} ";
        return $"Airtable {operation}{(where.Length > 0 ? $" ({where})" : "")} failed: {statusText}{errorType}{(string.IsNullOrEmpty(message) ? "" : $": {message}")}";
    }

    /// <summary>Airtable names the field in several message shapes; this finds it in the ones it uses.</summary>
    internal static string? FieldFromMessage(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return null;
        }
        foreach (var pattern in new[] { QuotedFieldPattern(), UnknownFieldPattern(), FieldNamedPattern() })
        {
            var match = pattern.Match(message);
            if (match.Success)
            {
                return match.Groups["field"].Value;
            }
        }
        return null;
    }

    /// <summary>The option in "... select option ""x""" messages.</summary>
    internal static string? OptionFromMessage(string? message)
    {
        var match = message is null ? Match.Empty : OptionPattern().Match(message);
        return match.Success ? match.Groups["option"].Value : null;
    }

    internal static string? RecordFromMessage(string? message)
    {
        var match = message is null ? Match.Empty : RecordIdPattern().Match(message);
        return match.Success ? match.Value : null;
    }

    [GeneratedRegex("""[Ff]ield "(?<field>[^"]+)" """, RegexOptions.CultureInvariant)]
    private static partial Regex QuotedFieldPattern();

    [GeneratedRegex("""[Uu]nknown field name: "(?<field>[^"]+)"|[Ff]ield "(?<field>[^"]+)"$""", RegexOptions.CultureInvariant)]
    private static partial Regex UnknownFieldPattern();

    [GeneratedRegex("""field named "?(?<field>[^"]+?)"?\.?$""", RegexOptions.CultureInvariant)]
    private static partial Regex FieldNamedPattern();

    [GeneratedRegex("""select option ""(?<option>.*)""$""", RegexOptions.CultureInvariant)]
    private static partial Regex OptionPattern();

    [GeneratedRegex(@"\brec[A-Za-z0-9]{14}\b", RegexOptions.CultureInvariant)]
    private static partial Regex RecordIdPattern();
}
