using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tomte.Worker.Doctor;
using Tomte.Worker.Hosting;

namespace Tomte.Worker.Letters;

public static class LettersServiceCollectionExtensions
{
    /// <summary>Letter content: the model from the database, the Scriban templates, e-mail composition, PDFs and print batches.</summary>
    public static IServiceCollection AddTomteLetters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTomteOptions<LettersOptions, LettersOptionsValidator>(configuration, LettersOptions.Section);
        services.AddSingleton<LetterTemplates>();
        services.AddSingleton<LetterModelStore>();
        services.AddSingleton<LetterContent>();
        services.AddSingleton<LetterEmailComposer>();
        services.AddSingleton<WeasyPrintPool>();
        services.AddSingleton<LetterPdfRenderer>();
        services.AddSingleton<PrintBatchBuilder>();
        services.AddSingleton<LetterPreview>();
        services.AddDoctorCheck<LettersDoctorCheck>();
        return services;
    }
}
