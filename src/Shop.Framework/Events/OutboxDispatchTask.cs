using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.BackgroundTasks;

namespace Shop.Framework.Events;

/// <summary>Retries what the after-commit dispatch did not finish: failures and crashes.</summary>
public sealed class OutboxDispatchTask : IBackgroundTask
{
    public string Name => "outbox.dispatch";
    public TimeSpan Interval => TimeSpan.FromSeconds(5);

    public async Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
    {
        var dispatcher = scopedServices.GetRequiredService<OutboxDispatcher>();
        while (await dispatcher.DispatchDueAsync(200, cancellationToken) > 0 && !cancellationToken.IsCancellationRequested) { }
    }
}
