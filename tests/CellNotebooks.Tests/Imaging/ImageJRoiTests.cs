using System.IO.Compression;
using CellNotebooks.Imaging;
using CellNotebooks.Tests.Data;
using CellNotebooks.Tests.Methods.ImPartial;

namespace CellNotebooks.Tests.Imaging;

public sealed class ImageJRoiTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("roi").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [SharedDataTheory("impartial")]
    [InlineData("image0", 259)]
    [InlineData("image1", 104)]
    [InlineData("image2", 84)]
    [InlineData("image4", 260)]
    public void Real_roi_zips_hold_the_documented_number_of_cells(string name, int count)
    {
        var set = ImageJRoiSet.Read(VectraFiles.Zip(name));
        Assert.Equal(count, set.Count);
        var labels = set.ToLabelMap(400, 400);
        int distinct = labels.Where(l => l > 0).Distinct().Count();
        Assert.InRange(distinct, count - 3, count); // a later ROI may hide a tiny earlier one entirely
        Assert.Equal(1, labels.Where(l => l > 0).Min());
    }

    [SharedDataFact("impartial")]
    public void Image2_has_two_composite_rois()
    {
        var set = ImageJRoiSet.Read(VectraFiles.Zip("image2"));
        Assert.Equal(2, set.Rois.Count(r => r.IsComposite));
        Assert.All(set.Rois.Where(r => r.IsComposite), r => Assert.Equal(ImageJRoiType.Rect, r.Type));
    }

    [SharedDataFact("impartial")]
    public void First_roi_of_image0_has_the_verified_bounding_box_and_is_label_1()
    {
        var set = ImageJRoiSet.Read(VectraFiles.Zip("image0"));
        var first = set.Rois[0];
        Assert.Equal((1, 11, 14, 25), (first.Top, first.Left, first.Bottom, first.Right));
        Assert.Equal(ImageJRoiType.Traced, first.Type);
        var poly = Assert.Single(first.Polygons);
        Assert.Equal(24, poly.Length);
        Assert.Equal((11f, 25f), (poly.Min(p => p.X), poly.Max(p => p.X)));
        Assert.Equal((1f, 14f), (poly.Min(p => p.Y), poly.Max(p => p.Y)));
        var labels = set.ToLabelMap(400, 400);
        Assert.Equal(1, labels[7 * 400 + 18]); // inside the first cell
    }

    [Fact]
    public void Written_polygons_read_back_as_labels_in_order()
    {
        var path = Path.Combine(dir, "set.zip");
        ImageJRoiWriter.Write(path, [[(1, 1), (4, 1), (4, 4), (1, 4)], [(6, 2), (8, 2), (8, 8), (6, 8)]]);
        var labels = ImageJRoiSet.ReadLabelMap(path, 10, 10);
        Assert.Equal(1, labels[2 * 10 + 2]);
        Assert.Equal(2, labels[5 * 10 + 7]);
        Assert.Equal(0, labels[9 * 10 + 9]);
        Assert.Equal(16, labels.Count(l => l == 1)); // boundary included: 4×4
    }

    [Fact]
    public void A_composite_path_is_filled_in_absolute_coordinates()
    {
        var data = new byte[64 + 4 * 13];
        "Iout"u8.CopyTo(data);
        data[5] = 228;
        data[6] = 1;
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(36), 13);
        float[] path = [0, 2, 2, 1, 5, 2, 1, 5, 5, 1, 2, 5, 4];
        for (int i = 0; i < path.Length; i++) System.Buffers.Binary.BinaryPrimitives.WriteSingleBigEndian(data.AsSpan(64 + 4 * i), path[i]);
        var roi = ImageJRoi.Parse(data, "crafted");
        Assert.True(roi.IsComposite);
        Assert.Equal(4, Assert.Single(roi.Polygons).Length);
    }

    [Fact]
    public void A_file_that_is_not_a_zip_gives_an_error_naming_it()
    {
        var path = Path.Combine(dir, "labels.zip");
        File.WriteAllText(path, "not a zip");
        var e = Assert.Throws<InvalidDataException>(() => ImageJRoiSet.Read(path));
        Assert.Contains("labels.zip", e.Message);
    }

    [Fact]
    public void A_bad_record_gives_an_error_naming_the_file_and_entry()
    {
        var path = Path.Combine(dir, "bad.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var s = zip.CreateEntry("0001-0002.roi").Open();
            s.Write("Iout but far too short"u8);
        }
        var e = Assert.Throws<InvalidDataException>(() => ImageJRoiSet.Read(path));
        Assert.Contains("bad.zip", e.Message);
        Assert.Contains("0001-0002.roi", e.Message);
    }

    [Fact]
    public void A_point_roi_is_rejected_because_it_encloses_no_area()
    {
        var record = ImageJRoiWriter.Record([(0, 0), (1, 0), (1, 1)]);
        record[6] = (byte)ImageJRoiType.Point;
        var e = Assert.Throws<InvalidDataException>(() => ImageJRoi.Parse(record, "points.zip"));
        Assert.Contains("points.zip", e.Message);
    }
}
