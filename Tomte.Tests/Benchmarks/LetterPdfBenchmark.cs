using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tomte.Tests.Infrastructure;
using Tomte.Tests.Letters;
using Tomte.Worker.Letters;
using Xunit.Abstractions;

namespace Tomte.Tests.Benchmarks;

/// <summary>
/// 1,000 letters (grunneierbrev 1, each with its own owner and a map) rendered to PDF through the WeasyPrint pool and
/// merged into one print batch: seconds, peak memory (tomte and its WeasyPrint processes), MB on disk. For comparison,
/// a few letters through the <c>weasyprint</c> command, one process per letter.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class LetterPdfBenchmark(ITestOutputHelper output) : IDisposable
{
    private static readonly CultureInfo En = CultureInfo.InvariantCulture;

    private readonly string _folder = Directory.CreateTempSubdirectory("tomte-letter-benchmark-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Render_1000_letters_to_pdf()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("TOMTE_BENCHMARK_LETTERS"), out var n) ? n : 1_000;
        var map = await File.ReadAllBytesAsync(Path.Combine(RepositoryRoot.Path, "Tomte.Tests", "Letters", "Fixtures", "kart-eksempel.png"));
        var models = Enumerable.Range(1, count)
            .Select(i => LetterFixtures.Model(OutreachStep.Grunneierbrev1, navn: $"Åse Bjørnstad {i}", map: map) is var m
                ? m with { Owner = m.Owner with { EierId = $"G{i}" } }
                : throw new InvalidOperationException())
            .ToList();
        using var pool = new WeasyPrintPool(Options.Create(new LettersOptions()));
        var renderer = new LetterPdfRenderer(LetterFixtures.Content(), pool, NullLogger<LetterPdfRenderer>.Instance);
        await renderer.RenderAsync(models[0], CancellationToken.None); // one process started, so the loop below is what a day's batch costs

        await using var memory = WorkingSetSampler.Start();
        using var children = new ChildMemorySampler();
        var clock = Stopwatch.StartNew();
        var letters = await renderer.RenderAllAsync(models, CancellationToken.None);
        var rendered = clock.Elapsed;
        var batch = await new PrintBatchBuilder(NullLogger<PrintBatchBuilder>.Instance).BuildAsync(letters, _folder, "utskrift", CancellationToken.None);
        var merged = clock.Elapsed - rendered;
        await memory.StopAsync();
        children.Stop();

        Assert.Equal(count, letters.Count);
        Assert.All(letters, l => Assert.InRange(l.Pages, 2, 3));
        var pdfBytes = letters.Sum(l => (long)l.Pdf.Length);
        var batchBytes = new FileInfo(batch.PdfPath).Length;
        output.WriteLine(string.Create(En, $"{count} letters ({letters.Sum(l => l.Pages)} pages) with {pool.Parallelism} WeasyPrint processes on {Environment.ProcessorCount} cores: " +
            $"{rendered.TotalSeconds:F1} s ({rendered.TotalMilliseconds / count:F0} ms per letter), merged into one PDF in {merged.TotalSeconds:F1} s"));
        output.WriteLine(string.Create(En, $"on disk: {pdfBytes / 1048576.0:F1} MB as single letters ({pdfBytes / count / 1024.0:F0} KB each), print batch {batchBytes / 1048576.0:F1} MB"));
        output.WriteLine(string.Create(En, $"peak working set: tomte {memory.Peak / 1048576.0:F0} MB (started at {memory.Before / 1048576.0:F0} MB), WeasyPrint processes together {children.Peak / 1048576.0:F0} MB"));
        output.WriteLine($"load average: {(await File.ReadAllTextAsync("/proc/loadavg")).Trim()}");

        // The same letter through the command line, a process per letter, for the README's comparison.
        var html = LetterFixtures.Content().LetterHtml(models[0]);
        var htmlPath = Path.Combine(_folder, "brev.html");
        await File.WriteAllTextAsync(htmlPath, html);
        const int cliLetters = 5;
        var cli = Stopwatch.StartNew();
        for (var i = 0; i < cliLetters; i++)
        {
            await Poppler.RunAsync("weasyprint", htmlPath, Path.Combine(_folder, $"cli-{i}.pdf"));
        }
        output.WriteLine(string.Create(En, $"weasyprint command, one process per letter: {cli.Elapsed.TotalMilliseconds / cliLetters:F0} ms per letter ({cliLetters} letters, one at a time)"));
    }

    /// <summary>Sums the resident memory of this process's child processes (the WeasyPrint workers) every 50 ms.</summary>
    private sealed class ChildMemorySampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _sampling;
        private long _peak;

        public ChildMemorySampler()
        {
            var self = Environment.ProcessId.ToString(En);
            _sampling = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    long total = 0;
                    foreach (var dir in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
                    {
                        try
                        {
                            var status = File.ReadAllLines(Path.Combine(dir, "status"));
                            if (status.Any(l => l == "PPid:\t" + self))
                            {
                                var rss = status.FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                                total += rss is null ? 0 : long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], En) * 1024;
                            }
                        }
                        catch (IOException)
                        {
                            // The process ended while being read.
                        }
                    }
                    _peak = Math.Max(_peak, total);
                    await Task.Delay(50, CancellationToken.None);
                }
            });
        }

        public long Peak => Interlocked.Read(ref _peak);

        public void Stop()
        {
            _stop.Cancel();
            _sampling.Wait();
        }

        public void Dispose() => _stop.Dispose();
    }
}
