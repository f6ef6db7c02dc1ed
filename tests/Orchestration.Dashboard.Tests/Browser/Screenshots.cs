using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Playwright;

namespace Orchestration.Dashboard.Tests.Browser;

/// <summary>Saves a screenshot of each page the tests visit to <c>artifacts/dashboard-screenshots/</c> at the repository root.</summary>
internal static class Screenshots
{
    public static string Directory { get; } = Find();

    public static Task SaveAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Directory, name + ".png"), FullPage = true });

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Generators.sln")))
            {
                return System.IO.Directory.CreateDirectory(Path.Combine(directory.FullName, "artifacts", "dashboard-screenshots")).FullName;
            }
        }

        throw new InvalidOperationException($"No Generators.sln above {AppContext.BaseDirectory}: cannot find the repository root to save screenshots in.");
    }
}
