namespace Tomte.Tests.Infrastructure;

public static class RepositoryRoot
{
    /// <summary>The checkout's root folder (the one holding Tomte.sln).</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Tomte.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No Tomte.sln above {AppContext.BaseDirectory}");
    }
}
