using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tomte.Worker.Doctor;
using Tomte.Worker.Hosting;

namespace Tomte.Worker.Outreach;

public static class OutreachServiceCollectionExtensions
{
    /// <summary>
    /// The outreach sequence (issue 12): options, the outbox, the send window, the runner behind <c>tomte outreach</c>
    /// and the outreach job, the IMAP reply reader and the demo's 30-day walk. The job itself is registered with the
    /// other jobs (AddTomteJobs), for <c>tomte run</c> only.
    /// </summary>
    public static IServiceCollection AddTomteOutreach(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTomteOptions<OutreachOptions, OutreachOptionsValidator>(configuration, OutreachOptions.Section);
        services.AddSingleton<SendWindow>();
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<OutreachStateReader>();
        services.AddSingleton<IOutreachContent, LettersOutreachContent>();
        services.AddTransient<OutreachRunner>();
        services.AddTransient<ReplyReader>();
        services.AddDoctorCheck<SmtpDoctorCheck>();
        services.AddDoctorCheck<ImapDoctorCheck>();
        return services;
    }
}
