using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Tomte.Worker.Doctor;

namespace Tomte.Worker.Letters;

/// <summary>
/// The letters' line in <c>tomte doctor</c>: a sample letter through the real templates and WeasyPrint, qpdf for the
/// print batch, and whether a sender is configured (letters cannot be made before).
/// </summary>
[DoctorCheck("Brev (maler, WeasyPrint, qpdf)", 70)]
internal sealed class LettersDoctorCheck(LetterPdfRenderer renderer, IOptions<LettersOptions> options) : IDoctorCheck
{
    public async Task<DoctorResult> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        RenderedLetter sample;
        try
        {
            sample = await renderer.RenderAsync(SampleLetter.For(options.Value), cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or Tomte.Templates.TemplateException)
        {
            return DoctorResult.Failed($"eksempelbrevet kunne ikke lages: {e.Message}", $"{LettersOptions.Section}:PythonPath");
        }
        var rendered = clock.Elapsed;
        if (!await QpdfRunsAsync(cancellationToken))
        {
            return DoctorResult.Failed("qpdf mangler (trengs for dagens utskrift): apt-get install qpdf");
        }
        var detail = string.Create(CultureInfo.GetCultureInfo("nb-NO"), $"eksempelbrev på {sample.Pages} sider laget på {rendered.TotalSeconds:F1} s; qpdf finnes");
        return options.Value.IsConfigured
            ? DoctorResult.Ok($"{detail}; avsender {options.Value.CompanyName}")
            : DoctorResult.Warning($"{detail}; avsenderen er ikke satt, så ingen brev kan lages ennå: sett {LettersOptions.Section}:CompanyName og resten av avsenderen",
                $"{LettersOptions.Section}:CompanyName");
    }

    private static async Task<bool> QpdfRunsAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("qpdf", "--version") { RedirectStandardOutput = true, UseShellExecute = false });
            if (process is null)
            {
                return false;
            }
            await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
