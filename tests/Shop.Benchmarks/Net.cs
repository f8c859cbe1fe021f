using System.Net;
using System.Net.Sockets;

namespace Shop.Benchmarks;

public static class Net
{
    /// <summary>A loopback port that was free a moment ago (the OS picks it; tiny race accepted).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls until <paramref name="probe"/> returns true (server answers), or fails after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> probe, Func<string?> failure, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (failure() is { } reason) throw new InvalidOperationException($"{what} failed to start: {reason}");
            try
            {
                if (await probe()) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{what} did not answer within {timeout.TotalSeconds:0} s.");
    }
}
