namespace Tomte.Tests.Infrastructure;

/// <summary>Waits for something another thread or process does; fails the test with a message when it never happens.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Npgsql.PostgresException) when (DateTime.UtcNow < deadline)
            {
                // The table may not exist yet.
            }
            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"Timed out waiting for: {what}");
            }
            await Task.Delay(100);
        }
    }
}
