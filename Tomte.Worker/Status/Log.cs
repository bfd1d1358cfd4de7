using Microsoft.Extensions.Logging;

namespace Tomte.Worker.Status;

internal static partial class Log
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Systemstatus: {Sent} of {Rows} rows changed and were written to Airtable")]
    public static partial void SystemstatusWritten(this ILogger logger, int sent, int rows);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Systemstatus: Airtable is not configured; {Rows} rows kept locally, none sent")]
    public static partial void SystemstatusNotSent(this ILogger logger, int rows);

    [LoggerMessage(EventId = 9010, Level = LogLevel.Information, Message = "Metrics: Prometheus scrape endpoint on {Endpoint}")]
    public static partial void MetricsEndpoint(this ILogger logger, string endpoint);
}
