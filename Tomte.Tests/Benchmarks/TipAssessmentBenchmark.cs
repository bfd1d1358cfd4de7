using System.Diagnostics;
using System.Globalization;
using Tomte.Tests.Analysis;
using Tomte.Worker.Analysis;
using Tomte.Worker.Analysis.Scoring;
using Tomte.Worker.Brokers;
using Tomte.Worker.Ingest;
using Xunit.Abstractions;

namespace Tomte.Tests.Benchmarks;

/// <summary>
/// The seed plan's "API-responstid &lt; 2 sek": one tip assessed on request (resolve, shares, attributes, score, map)
/// with the bundled sample data loaded and analysed. Reports the median of several runs after one warm-up.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class TipAssessmentBenchmark(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Runs = 9;

    private readonly AnalysisScenario _scenario = new();

    public Task InitializeAsync() => _scenario.InitializeAsync();

    public Task DisposeAsync() => _scenario.DisposeAsync();

    [Fact]
    public async Task One_tip_is_assessed_in_under_two_seconds()
    {
        await _scenario.Get<SampleDataImport>().RunAsync(null, CancellationToken.None);
        await _scenario.Get<AnalysisRunner>().RunAsync([], null, null, CancellationToken.None);
        await _scenario.Get<ScoreRunner>().RunAsync([], CancellationToken.None);
        var assessor = _scenario.Get<TipAssessor>();
        var input = TipInput.FromArgument(TipsDemoStep.Tips[0].Input);
        await assessor.AssessAsync(input, "benchmark", CancellationToken.None);

        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            var assessment = await assessor.AssessAsync(input, "benchmark", CancellationToken.None);
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
            Assert.NotNull(assessment.Kart);
        }
        times.Sort();
        var median = times[Runs / 2];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tip assessment ({TipsDemoStep.Tips[0].Input}), {Runs} runs: median {median:0} ms, min {times[0]:0} ms, max {times[^1]:0} ms"));
        Assert.True(median < 2_000, string.Create(CultureInfo.InvariantCulture, $"median {median:0} ms is not under 2 s"));
    }
}
