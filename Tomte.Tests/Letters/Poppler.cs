using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Tomte.Tests.Letters;

/// <summary>Reads a PDF back with Debian's poppler-utils, as a printer's preview or a person would see it.</summary>
internal static partial class Poppler
{
    /// <summary>One word on a page, its box in points from the page's top-left corner.</summary>
    public sealed record Word(int Page, double XMin, double YMin, double XMax, double YMax, string Text);

    public static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} failed: {await error}");
        return await output;
    }

    public static Task<string> TextAsync(string pdf) => RunAsync("pdftotext", "-layout", "-enc", "UTF-8", pdf, "-");

    public static async Task<IReadOnlyList<Word>> WordsAsync(string pdf)
    {
        var xhtml = await RunAsync("pdftotext", "-bbox", "-enc", "UTF-8", pdf, "-");
        var words = new List<Word>();
        var page = 0;
        foreach (var line in xhtml.Split('\n'))
        {
            if (line.Contains("<page ", StringComparison.Ordinal))
            {
                page++;
            }
            var match = WordPattern().Match(line);
            if (match.Success)
            {
                double D(string name) => double.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture);
                words.Add(new Word(page, D("x0"), D("y0"), D("x1"), D("y1"), System.Net.WebUtility.HtmlDecode(match.Groups["t"].Value)));
            }
        }
        return words;
    }

    /// <summary>pdffonts' rows: font name and whether it is embedded.</summary>
    public static async Task<IReadOnlyList<(string Name, bool Embedded)>> FontsAsync(string pdf)
    {
        var lines = (await RunAsync("pdffonts", pdf)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2);
        return lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => (f[0], f[^5] == "yes")).ToList();
    }

    public static double Mm(double mm) => mm * 72 / 25.4;

    [GeneratedRegex("""<word xMin="(?<x0>[0-9.]+)" yMin="(?<y0>[0-9.]+)" xMax="(?<x1>[0-9.]+)" yMax="(?<y1>[0-9.]+)">(?<t>.*)</word>""")]
    private static partial Regex WordPattern();
}
