using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Tomte.Worker.Letters;

/// <summary>
/// Up to <c>Tomte:Letters:PdfParallelism</c> WeasyPrint processes (default one per core), started on first use and
/// kept for the life of the process; a process that dies is replaced by a new one on the next letter.
/// </summary>
public sealed class WeasyPrintPool : IDisposable
{
    private readonly string _python;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentBag<WeasyPrintProcess> _idle = [];

    public WeasyPrintPool(IOptions<LettersOptions> options)
    {
        _python = options.Value.PythonPath;
        Parallelism = options.Value.PdfParallelism > 0 ? options.Value.PdfParallelism : Environment.ProcessorCount;
        _slots = new SemaphoreSlim(Parallelism);
    }

    public int Parallelism { get; }

    public async Task<PdfDocument> RenderAsync(string html, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            var process = _idle.TryTake(out var idle) ? idle : await WeasyPrintProcess.StartAsync(_python, cancellationToken);
            try
            {
                var pdf = await process.RenderAsync(html, cancellationToken);
                _idle.Add(process);
                return pdf;
            }
            catch (PdfRenderException)
            {
                // The HTML was refused; the process answered and is still in step.
                _idle.Add(process);
                throw;
            }
            catch
            {
                // Died or cancelled half-way through a message: its pipes are out of step, so it goes.
                process.Dispose();
                throw;
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var process))
        {
            process.Dispose();
        }
        _slots.Dispose();
    }
}
