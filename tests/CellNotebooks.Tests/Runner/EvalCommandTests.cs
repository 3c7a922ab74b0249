using System.Text.Json;
using CellNotebooks.Imaging;
using CellNotebooks.Runner;
using CellNotebooks.Runner.Eval;

namespace CellNotebooks.Tests.Runner;

public sealed class EvalCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("cellnb-eval-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void ClassificationMatchesTheLibraryNumbers()
    {
        var scores = Write("s.csv", "A,B,C\n0.7,0.2,0.1\n0.5,0.3,0.2\n0.2,0.2,0.6\n0.6,0.3,0.1\n");
        var labels = Write("l.csv", "label,batch\nA,b1\nB,b2\nC,b3\nC,b3\n");
        var r = ClassificationEval.Run(scores, labels, groupColumn: "batch");
        Assert.Equal("probabilities", r["score_kind"]);
        Assert.Equal(0.5, (double)r["top1"]!, 6);
        Assert.Equal((1 + 2.5 / 3 + 0.625) / 3, (double)r["roc_auc_ovr"]!, 5);
        Assert.Equal(3, r["batches"]);
        Assert.True(r.ContainsKey("batch_top1"));
    }

    [Fact]
    public void ClassificationThroughTheCommandLineWritesJsonAndFailsCleanly()
    {
        var scores = Write("s.csv", "A,B\n2.0,1.0\n0.5,3.0\n");
        var labels = Write("l.csv", "label\nA\nB\n");
        var json = Path.Combine(dir, "out.json");
        Assert.Equal(0, CommandLine.Build().Parse(["eval", "classification", "--scores", scores, "--labels", labels, "--json", json]).Invoke());
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal("logits", doc.RootElement.GetProperty("score_kind").GetString());
        Assert.Equal(1.0, doc.RootElement.GetProperty("top1").GetDouble());
        var bad = Write("bad.csv", "label\nA\nZ\n");
        Assert.Equal(1, CommandLine.Build().Parse(["eval", "classification", "--scores", scores, "--labels", bad]).Invoke());
    }

    [Fact]
    public void A_class_column_with_a_non_number_is_named_in_the_error()
    {
        var scores = Write("s.csv", "id,A,B,C\nx1,0.7,0.2,0.1\nx2,0.5,oops,0.2\n");
        var labels = Write("l.csv", "label\nA\nB\n");
        var error = Assert.Throws<InvalidDataException>(() => ClassificationEval.Run(scores, labels));
        Assert.Contains("class 'B' is not a numeric column", error.Message);
        Assert.Contains("Ignored as not numeric (a value in them is not a number): id, B.", error.Message);
    }

    [Fact]
    public void ProfilingReportsTheNscFamilyAndMap()
    {
        var csv = Write("p.csv",
            "moa,compound,batch,f1,f2\n" +
            "A,c1,w1,1,0\nA,c1,w1,0.9,0.1\nA,c2,w2,0.8,0.3\nB,c3,w1,0,1\nB,c4,w2,0.1,0.9\nB,c5,w1,0.95,0.05\nctrl,DMSO,w1,0.5,0.5\n");
        var r = ProfilingEval.Run(csv, new ProfilingEval.Options("moa", "compound", "batch"));
        Assert.Equal(6, r["profiles"]);
        Assert.Equal(2, r["features"]);
        Assert.Equal(1, r["controls_removed"]);
        Assert.Equal(0.5, (double)r["nsc"]!, 9);
        Assert.Equal(5.0 / 6, (double)r["nscb"]!, 9);
        Assert.True(r.ContainsKey("nscb_unidino") && r.ContainsKey("nsb") && r.ContainsKey("map"));
    }

    [Fact]
    public void SegmentationPairsFilesByName()
    {
        var truth = Directory.CreateDirectory(Path.Combine(dir, "truth")).FullName;
        var pred = Directory.CreateDirectory(Path.Combine(dir, "pred")).FullName;
        float[] t = [1, 1, 0, 2, 2, 0, 1, 1, 0, 2, 2, 0];
        float[] p = [7, 7, 7, 9, 9, 0, 7, 7, 7, 0, 0, 0];
        ImageFile.Write(Path.Combine(truth, "img0.png"), new RasterImage(1, 2, 6, PixelDepth.UInt16, t));
        ImageFile.Write(Path.Combine(pred, "img0.png"), new RasterImage(1, 2, 6, PixelDepth.UInt16, p));
        var r = SegmentationEval.Run(truth, pred);
        Assert.Equal(1, r["images"]);
        Assert.Equal(1.0, (double)r["ap50"]!, 9);       // IoU 4/6 and 2/4: both ≥ 0.5
        Assert.Equal(1.0 / 3, (double)r["impartial_ap50"]!, 9); // IoU 0.5 is not > 0.5: 1 / (2 + 2 − 1)
        Assert.Equal(0, r["images_skipped"]);
        float[] none = new float[12];
        ImageFile.Write(Path.Combine(truth, "img1.png"), new RasterImage(1, 2, 6, PixelDepth.UInt16, none));
        ImageFile.Write(Path.Combine(pred, "img1.png"), new RasterImage(1, 2, 6, PixelDepth.UInt16, none));
        var withEmpty = SegmentationEval.Run(truth, pred);
        Assert.Equal(2, withEmpty["images"]);
        Assert.Equal(1, withEmpty["images_skipped"]);  // both empty: left out of the means (ImPartial would score 0)
        Assert.Equal(1.0, (double)withEmpty["ap50"]!, 9);
        File.Delete(Path.Combine(pred, "img0.png"));
        Assert.Throws<InvalidDataException>(() => SegmentationEval.Run(truth, pred));
    }
}
