using Microsoft.Extensions.DependencyInjection;
using Tomte.Worker.Airtable.Sync;
using Tomte.Worker.Analysis;
using Tomte.Worker.Analysis.Export;
using Tomte.Worker.Analysis.Scoring;
using Tomte.Worker.Ingest.Ssb;
using Tomte.Worker.Letters;
using Tomte.Worker.Owners;
using Tomte.Worker.Status;

namespace Tomte.Worker.Demo;

public static class DemoServiceCollectionExtensions
{
    public static IServiceCollection AddTomteDemo(this IServiceCollection services)
    {
        services.AddSingleton<DemoRunner>();
        // The demo's steps, in the order they run: a new pipeline step adds its line here.
        services.AddTransient<IDemoStep, SchemaDemoStep>();
        services.AddTransient<IDemoStep, SampleDataDemoStep>();
        services.AddTransient<IDemoStep, SsbDemoStep>();
        services.AddTransient<IDemoStep, AnalysisDemoStep>();
        services.AddTransient<IDemoStep, RoadDistanceDemoStep>();
        services.AddTransient<IDemoStep, OwnersDemoStep>();
        services.AddTransient<IDemoStep, Owners.Privacy.PrivacyDemoStep>();
        services.AddTransient<IDemoStep, ScoreDemoStep>();
        services.AddTransient<IDemoStep, ExportDemoStep>();
        services.AddTransient<IDemoStep, AirtableDemoStep>();
        services.AddTransient<IDemoStep, RankingDemoStep>();
        services.AddTransient<IDemoStep, Brokers.TipsDemoStep>();
        services.AddTransient<IDemoStep, Jobs.JobsDemoStep>();
        services.AddTransient<IDemoStep, LettersDemoStep>();
        services.AddTransient<IDemoStep, Outreach.OutreachDemoStep>();
        services.AddTransient<IDemoStep, StatusDemoStep>();
        return services;
    }
}
