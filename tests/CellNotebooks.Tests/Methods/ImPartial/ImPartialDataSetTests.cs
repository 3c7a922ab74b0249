using CellNotebooks.Data.Demo;
using CellNotebooks.Methods.ImPartial;
using CellNotebooks.Tests.Data;

namespace CellNotebooks.Tests.Methods.ImPartial;

public sealed class ImPartialDataSetTests
{
    [Fact]
    public void A_datastore_splits_into_train_0_to_2_test_4_and_unlabelled_3_with_seeded_scribbles()
    {
        using var dir = new ScratchFolder();
        SegmentationDemo.Write(dir.Path, count: 5, width: 96, height: 96, seed: 1);
        var data = ImPartialDataSet.FromFolder(dir.Path, isReal: false);
        Assert.Equal(["image0", "image1", "image2"], data.Train.Select(i => i.Name));
        Assert.Equal("image4", data.Test.Name);
        Assert.NotNull(data.Test.Labels);
        Assert.Equal("image3", data.Unlabelled.Name);
        Assert.Null(data.Unlabelled.Labels);
        Assert.Equal("demo96", data.Tag);

        var a = data.SimulateScribbles(0.3, seed: 4);
        var b = data.SimulateScribbles(0.3, seed: 4);
        Assert.Equal(3, a.Count);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(a[i].Foreground, b[i].Foreground);
            Assert.Equal((int)(0.3 * (data.Train[i].CellCount + 1)), a[i].ScribbledCells.Count);
        }
        Assert.NotEqual(a[0].Foreground, data.SimulateScribbles(0.3, seed: 5)[0].Foreground);
    }

    [Fact]
    public void A_datastore_without_ground_truth_for_the_test_image_is_refused_with_its_name()
    {
        using var dir = new ScratchFolder();
        SegmentationDemo.Write(dir.Path, count: 5, width: 64, height: 64, seed: 2, unlabelled: ["image3", "image4"]);
        var e = Assert.Throws<InvalidDataException>(() => ImPartialDataSet.FromFolder(dir.Path, isReal: false));
        Assert.Contains("image4", e.Message);
    }

    [SharedDataFact("impartial")]
    public void The_real_vectra_folder_reads_with_four_labelled_images_in_vectra_channel_order()
    {
        var data = ImPartialDataSet.FromFolder(VectraFiles.Folder, isReal: true);
        Assert.Equal([259, 104, 84], data.Train.Select(i => i.CellCount));
        Assert.Equal(260, data.Test.CellCount);
        Assert.Equal((2, 400, 400), (data.Test.Channels, data.Test.Width, data.Test.Height));
        // The nuclear channel is dark between nuclei: its median inside cells is below the cytoplasm channel's.
        var inside = Enumerable.Range(0, 400 * 400).Where(i => data.Test.Labels![i] > 0).ToList();
        Assert.True(inside.Average(i => data.Test.Planes[VectraData.NucleusChannel][i]) < inside.Average(i => data.Test.Planes[0][i]));
    }
}
