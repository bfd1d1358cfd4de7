using Microsoft.Extensions.Hosting;
using Tomte.Worker.Database;

namespace Tomte.Worker.Jobs;

/// <summary>Brings the schema up to date before the scheduler (registered after it) starts.</summary>
public sealed class MigrateOnStartService(Migrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
