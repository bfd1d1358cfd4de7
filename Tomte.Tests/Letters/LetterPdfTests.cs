using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SkiaSharp;
using Tomte.Worker.Letters;
using Tomte.Worker.Owners;

namespace Tomte.Tests.Letters;

/// <summary>
/// Letters through the real WeasyPrint and read back with poppler: the address in the envelope window, æøå, page
/// numbers, the map, the article 14 block, fonts embedded; and the print batch merged by qpdf.
/// </summary>
public sealed class LetterPdfTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tomte-letters-").FullName;
    private readonly WeasyPrintPool _pool = new(Options.Create(new LettersOptions { PdfParallelism = 2 }));

    public void Dispose()
    {
        _pool.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private LetterPdfRenderer Renderer(LettersOptions? sender = null) =>
        new(LetterFixtures.Content(sender), _pool, NullLogger<LetterPdfRenderer>.Instance);

    [Fact]
    public async Task Letter_one_is_an_a4_pdf_with_the_address_alone_in_the_window_page_numbers_the_map_and_embedded_fonts()
    {
        var model = LetterFixtures.Model(OutreachStep.Grunneierbrev1, navn: "Ærlig & Sønn Eiendom AS", kind: OwnerKind.Organisasjon, map: MapPng());

        var letter = await Renderer().RenderAsync(model, CancellationToken.None);
        var path = Path.Combine(_folder, letter.FileName);
        await File.WriteAllBytesAsync(path, letter.Pdf);

        Assert.Equal("G17-grunneierbrev-1.pdf", letter.FileName);
        var info = await Poppler.RunAsync("pdfinfo", path);
        Assert.Contains("Page size:       595.276 x 841.89 pts (A4)", info);
        Assert.Equal(letter.Pages, int.Parse(System.Text.RegularExpressions.Regex.Match(info, @"Pages:\s+(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(letter.Pages, 2, 3);

        // The window of a C5 envelope: 15 mm from the left, 44 mm from the top, 105 × 35 mm.
        var (left, top, right, bottom) = (Poppler.Mm(15), Poppler.Mm(44), Poppler.Mm(15 + 105), Poppler.Mm(44 + 35));
        var words = await Poppler.WordsAsync(path);
        var inWindow = words.Where(w => w.Page == 1 && w.XMax > left && w.XMin < right && w.YMax > top && w.YMin < bottom).ToList();
        Assert.Equal("Ærlig & Sønn Eiendom AS Kirkeveien 12 1430 ÅS", string.Join(' ', inWindow.Select(w => w.Text)));
        Assert.All(inWindow, w => Assert.True(w.XMin >= left && w.XMax <= right && w.YMin >= top && w.YMax <= bottom, $"'{w.Text}' crosses the window's edge"));
        // Plain 10–12 pt, three lines without a blank one between.
        Assert.All(inWindow, w => Assert.InRange(w.YMax - w.YMin, 10, 14.5));
        var lineTops = inWindow.Select(w => Math.Round(w.YMin)).Distinct().Order().ToList();
        Assert.Equal(3, lineTops.Count);
        Assert.All(lineTops.Zip(lineTops.Skip(1)), pair => Assert.InRange(pair.Second - pair.First, 11, 16));

        var text = await Poppler.TextAsync(path);
        Assert.Contains($"Side 1 av {letter.Pages}", text);
        Assert.Contains($"Side {letter.Pages} av {letter.Pages}", text);
        Assert.Contains("Om personopplysningene dine (personvernforordningen artikkel 14)", text);
        Assert.Contains("Datatilsynet", text);
        Assert.Contains("Til Ærlig & Sønn Eiendom AS", text);
        Assert.Contains("Området i Ås (vår referanse 3218-0042)", text);
        Assert.Contains("Vi tar kostnaden og risikoen", text);

        var fonts = await Poppler.FontsAsync(path);
        Assert.NotEmpty(fonts);
        Assert.All(fonts, f => Assert.True(f.Embedded, $"font {f.Name} is not embedded"));
        var images = await Poppler.RunAsync("pdfimages", "-list", path);
        // One picture (its transparency travels as a separate "smask" row).
        var pictures = images.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(c => c[2] == "image");
        Assert.Equal(("400", "300"), pictures.Select(c => (c[3], c[4])).Single());
    }

    [Fact]
    public async Task A_configured_window_moves_the_address_and_letter_two_renders_too()
    {
        var sender = LetterFixtures.Sender();
        sender.WindowLeftMm = 110;
        sender.WindowTopMm = 50;
        sender.WindowWidthMm = 90;
        sender.WindowHeightMm = 40;
        var letter = await Renderer(sender).RenderAsync(LetterFixtures.Model(OutreachStep.Grunneierbrev2, sender: sender), CancellationToken.None);
        var path = Path.Combine(_folder, letter.FileName);
        await File.WriteAllBytesAsync(path, letter.Pdf);

        var words = await Poppler.WordsAsync(path);
        var name = words.First(w => w.Page == 1 && w.Text == "Bjørnstad");
        Assert.InRange(name.XMin, Poppler.Mm(110), Poppler.Mm(200));
        Assert.InRange(name.YMin, Poppler.Mm(50), Poppler.Mm(90));
        Assert.Contains("Vi tar gjerne reguleringsrisikoen for tomten din", await Poppler.TextAsync(path));
    }

    [Fact]
    public async Task The_print_batch_is_one_merged_pdf_and_a_list_written_into_place_at_once()
    {
        var renderer = Renderer();
        var models = new[]
        {
            LetterFixtures.Model(OutreachStep.Grunneierbrev1),
            LetterFixtures.Model(OutreachStep.Grunneierbrev2, navn: "Ærlig & Sønn; Eiendom AS", kind: OwnerKind.Organisasjon),
        };
        var letters = await renderer.RenderAllAsync(models, CancellationToken.None);
        var builder = new PrintBatchBuilder(NullLogger<PrintBatchBuilder>.Instance);

        var batch = await builder.BuildAsync(letters, _folder, "utskrift-2026-12-01", CancellationToken.None);

        Assert.Equal(Path.Combine(_folder, "utskrift-2026-12-01"), batch.Folder);
        Assert.Equal([PrintBatchBuilder.ListName, PrintBatchBuilder.PdfName], Directory.GetFiles(batch.Folder).Select(Path.GetFileName).Order());
        Assert.Equal(["utskrift-2026-12-01"], Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName));
        Assert.Equal(letters.Sum(l => l.Pages), batch.Pages);
        Assert.Contains($"Pages:           {batch.Pages}", await Poppler.RunAsync("pdfinfo", batch.PdfPath));
        var list = await File.ReadAllLinesAsync(batch.ListPath);
        Assert.Equal("eier_id;navn;steg;sider;forste_side", list[0]);
        Assert.Equal($"G17;Åse Bjørnstad;grunneierbrev-1;{letters[0].Pages};1", list[1]);
        Assert.Equal($"G17;\"Ærlig & Sønn; Eiendom AS\";grunneierbrev-2;{letters[1].Pages};{letters[0].Pages + 1}", list[2]);

        var again = await Assert.ThrowsAsync<IOException>(() => builder.BuildAsync(letters, _folder, "utskrift-2026-12-01", CancellationToken.None));
        Assert.Contains("exists already", again.Message, StringComparison.Ordinal);

        // The outreach's day batch: a later pass adds a letter, and the same folder holds all of the day's letters.
        var rebuilt = await builder.RebuildAsync([.. letters, letters[0]], _folder, "utskrift-2026-12-01", CancellationToken.None);
        Assert.Equal(batch.Folder, rebuilt.Folder);
        Assert.Equal(batch.Pages + letters[0].Pages, rebuilt.Pages);
        Assert.Contains($"Pages:           {rebuilt.Pages}", await Poppler.RunAsync("pdfinfo", rebuilt.PdfPath));
        var all = await File.ReadAllLinesAsync(rebuilt.ListPath);
        Assert.Equal(4, all.Length);
        Assert.Equal($"G17;Åse Bjørnstad;grunneierbrev-1;{letters[0].Pages};{batch.Pages + 1}", all[3]);
        // Nothing left beside it: the work folder was removed after the renames.
        Assert.Equal(["utskrift-2026-12-01"], Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName));
        Assert.Equal([PrintBatchBuilder.ListName, PrintBatchBuilder.PdfName], Directory.GetFiles(rebuilt.Folder).Select(Path.GetFileName).Order());
    }

    private static byte[] MapPng()
    {
        using var bitmap = new SKBitmap(400, 300);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var fill = new SKPaint { Color = new SKColor(230, 120, 40, 160), IsAntialias = true };
            canvas.DrawRect(80, 60, 220, 160, fill);
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
