using Tomte.Worker.Demo;

namespace Tomte.Worker.Status;

/// <summary>
/// The demo's status: what <c>tomte status</c> prints after the steps above, and the Systemstatus rows it keeps
/// (sent to Airtable when a token is set).
/// </summary>
public sealed class StatusDemoStep(SystemstatusWriter writer) : IDemoStep
{
    public string Title => "Lager statusoversikten (tomte status og Systemstatus)";

    public async Task<DemoStepResult> RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var result = await writer.WriteAsync(cancellationToken);
        var text = StatusText.Format(result.Report, details: false);
        var summary = result.Sent is { } sent
            ? $"Status: {result.Records.Count} rader i Systemstatus, {sent} endret og skrevet til Airtable."
            : $"Status: {result.Records.Count} rader til Systemstatus (Airtable ikke konfigurert, ikke sendt); oversikten under er det tomte status skriver.";
        var indented = string.Join('\n', text.TrimEnd().Split('\n').Select(line => "    " + line.TrimEnd('\r')));
        return new DemoStepResult(summary, ReportSection: $"## Status\n\n```\n{text.TrimEnd()}\n```\n", Details: indented);
    }
}
