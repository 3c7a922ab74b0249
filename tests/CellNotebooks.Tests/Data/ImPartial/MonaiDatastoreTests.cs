using CellNotebooks.Data.ImPartial;

namespace CellNotebooks.Tests.Data.ImPartial;

public sealed class MonaiDatastoreTests
{
    [SharedDataFact("impartial")]
    public void Vectra_datastore_lists_four_labelled_images_and_image3_unlabelled()
    {
        var folder = SharedData.Path("impartial", "Vectra_WC_2CH_tiff");
        var store = MonaiDatastore.Open(folder);
        Assert.Equal("new-dataset", store.Name);
        Assert.Equal(["image0", "image1", "image2", "image3", "image4"], store.Entries.Select(e => e.Id));
        Assert.Equal(["image0", "image1", "image2", "image4"], store.Labelled.Select(e => e.Id));
        Assert.Equal("image3", Assert.Single(store.Unlabelled).Id);
        var image1 = store["image1"];
        Assert.Equal(Path.Combine(folder, "image1.tif"), image1.ImagePath);
        Assert.Equal(Path.Combine(folder, "labels", "final", "image1.zip"), image1.LabelPath);
        Assert.Equal("5644525cdb22f26cd0255d7f89c43723416244d3095e8dfaa7c4ea95ea7a15fe", image1.LabelSha256);
        Assert.Equal(1664876925, image1.ImageTimestamp);
        Assert.Empty(store.Validate());
    }

    [Fact]
    public void Missing_or_tampered_files_are_reported()
    {
        using var dir = new ScratchFolder();
        File.WriteAllText(dir.File(MonaiDatastore.FileName), """
            {"name":"t","images_dir":".","labels_dir":"labels","objects":{
              "a":{"image":{"ext":".png","info":{"name":"a.png"}},"labels":{"final":{"ext":".zip","info":{"checksum":"SHA256:00","name":"a.zip"}}}},
              "b":{"image":{"ext":".png"},"labels":{}}}}
            """);
        Directory.CreateDirectory(dir.File("labels", "final"));
        File.WriteAllText(dir.File("labels", "final", "a.zip"), "x");
        var store = MonaiDatastore.Open(dir.File(MonaiDatastore.FileName));
        Assert.Equal(dir.File("b.png"), store["b"].ImagePath);
        var problems = store.Validate();
        Assert.Contains(problems, p => p.StartsWith("a: image") && p.Contains("missing"));
        Assert.Contains(problems, p => p.StartsWith("a: label") && p.Contains("checksum mismatch"));
        Assert.Throws<KeyNotFoundException>(() => store["c"]);
        File.WriteAllText(dir.File("broken.json"), "{\"objects\": {\"a\": {}}}");
        Assert.Contains("object 'a' has no 'image'", Assert.Throws<InvalidDataException>(() => MonaiDatastore.Open(dir.File("broken.json"))).Message);
    }
}
