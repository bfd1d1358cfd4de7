using System.Globalization;

namespace Tomte.Worker.Demo;

/// <summary>
/// The demo's console: one line per step, "[2/3] Tittel …" while it runs and its summary when done. On a terminal
/// the line is redrawn in place with a bar and counter; when output is redirected (a log, a test) only the final
/// line is written, so captured output stays one clean line per step.
/// </summary>
public sealed class DemoConsole(TextWriter writer, bool interactive)
{
    private const int BarWidth = 24;

    public static DemoConsole ForConsole(TextWriter writer) =>
        new(writer, ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected);

    public TextWriter Writer => writer;

    public StepLine Begin(int number, int total, string title) => new(this, $"[{number}/{total}] ", title);

    /// <summary>A step's line: redrawn with each count on a terminal, finished with the step's summary.</summary>
    public sealed class StepLine(DemoConsole console, string prefix, string title) : IProgress<DemoCount>
    {
        private int _width;

        public void Start() => Draw($"{prefix}{title} …");

        public void Report(DemoCount value)
        {
            var done = Math.Clamp(value.Done, 0, value.Total);
            var filled = value.Total == 0 ? BarWidth : done * BarWidth / value.Total;
            Draw(string.Create(CultureInfo.InvariantCulture,
                $"{prefix}{title} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {done}/{value.Total}"));
        }

        public void Finish(string summary)
        {
            var line = prefix + summary;
            if (console.IsInteractive)
            {
                // Pad over what the counter drew, then end the line.
                console.Writer.Write("\r" + line.PadRight(_width) + Environment.NewLine);
            }
            else
            {
                console.Writer.WriteLine(line);
            }
            console.Writer.Flush();
        }

        private void Draw(string text)
        {
            if (!console.IsInteractive)
            {
                return;
            }
            console.Writer.Write("\r" + text.PadRight(_width));
            console.Writer.Flush();
            _width = Math.Max(_width, text.Length);
        }
    }

    private bool IsInteractive => interactive;
}
