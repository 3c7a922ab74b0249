using CellNotebooks.Data.Tables;
using Microsoft.Data.Analysis;

namespace CellNotebooks.Tests.Data.Tables;

public sealed class ParquetTableTests
{
    private static DataFrame Sample(int rows, int offset = 0) => new(
        new Int32DataFrameColumn("well", Enumerable.Range(offset, rows).Select(i => (int?)i)),
        new Int64DataFrameColumn("cell_id", Enumerable.Range(offset, rows).Select(i => (long?)(i * 10_000_000_000L))),
        new SingleDataFrameColumn("area", Enumerable.Range(offset, rows).Select(i => i % 5 == 3 ? null : (float?)(i * 0.5f))),
        new DoubleDataFrameColumn("score", Enumerable.Range(offset, rows).Select(i => (double?)Math.PI * i)),
        new StringDataFrameColumn("compound", Enumerable.Range(offset, rows).Select(i => i % 4 == 1 ? null : $"cmp \"{i}\", µM")),
        new BooleanDataFrameColumn("control", Enumerable.Range(offset, rows).Select(i => (bool?)(i % 2 == 0))));

    private static float[][] Vectors(int rows, int dim, int offset = 0) =>
        [.. Enumerable.Range(offset, rows).Select(i => Enumerable.Range(0, dim).Select(d => i + d / 10f).ToArray())];

    private static void AssertSameFrame(DataFrame expected, DataFrame actual)
    {
        Assert.Equal(expected.Columns.Select(c => (c.Name, c.DataType)), actual.Columns.Select(c => (c.Name, c.DataType)));
        Assert.Equal(expected.Rows.Count, actual.Rows.Count);
        for (var c = 0; c < expected.Columns.Count; c++)
            for (long r = 0; r < expected.Rows.Count; r++)
                Assert.Equal(expected.Columns[c][r], actual.Columns[c][r]);
    }

    [Fact]
    public void Every_supported_column_type_round_trips_with_nulls()
    {
        using var dir = new ScratchFolder();
        var frame = Sample(11);
        ParquetTable.Write(dir.File("t.parquet"), frame, rowGroupSize: 4); // 3 row groups
        AssertSameFrame(frame, ParquetTable.Read(dir.File("t.parquet")));
    }

    [Fact]
    public void Embeddings_round_trip_beside_their_metadata()
    {
        using var dir = new ScratchFolder();
        var meta = Sample(7);
        var vectors = Vectors(7, 5);
        ParquetTable.WriteEmbeddings(dir.File("e.parquet"), meta, vectors, "features");
        var (back, backVectors) = ParquetTable.ReadEmbeddings(dir.File("e.parquet"), "features");
        AssertSameFrame(meta, back);
        Assert.Equal(vectors, backVectors);
        AssertSameFrame(meta, ParquetTable.Read(dir.File("e.parquet"))); // Read skips the vector column
        Assert.Throws<InvalidDataException>(() => ParquetTable.ReadEmbeddings(dir.File("e.parquet"), "embedding"));
    }

    [Fact]
    public void Streaming_writer_appends_row_groups()
    {
        using var dir = new ScratchFolder();
        var path = dir.File("stream.parquet");
        using (var writer = ParquetTableWriter.For(path, Sample(0), "embedding"))
        {
            for (var g = 0; g < 3; g++) writer.AppendRowGroup(Sample(5, g * 5), new Dictionary<string, float[][]> { ["embedding"] = Vectors(5, 3, g * 5) });
            Assert.Equal((15L, 3), (writer.RowCount, writer.RowGroupCount));
            Assert.False(File.Exists(path), "the file appears only when the writer is closed");
        }
        var data = ParquetTable.ReadAll(path);
        AssertSameFrame(Sample(15), data.Frame);
        Assert.Equal(Vectors(15, 3), data.Vectors["embedding"]);
        Assert.Equal(15, data.RowCount);
    }

    [Fact]
    public void Bad_input_names_the_column()
    {
        using var dir = new ScratchFolder();
        var dates = new DataFrame(new PrimitiveDataFrameColumn<DateTime>("when", [DateTime.UnixEpoch]));
        Assert.Contains("'when'", Assert.Throws<ArgumentException>(() => ParquetTable.Write(dir.File("d.parquet"), dates)).Message);
        Assert.Contains("'embedding' has 2 rows", Assert.Throws<ArgumentException>(() =>
            ParquetTable.WriteEmbeddings(dir.File("v.parquet"), Sample(3), Vectors(2, 4))).Message);
        File.WriteAllText(dir.File("not.parquet"), "hello");
        Assert.Contains("not.parquet", Assert.Throws<InvalidDataException>(() => ParquetTable.Read(dir.File("not.parquet"))).Message);
    }

    [Fact]
    public void Csv_export_quotes_and_spreads_vectors()
    {
        using var dir = new ScratchFolder();
        TableCsv.Write(dir.File("t.csv"), Sample(2), new Dictionary<string, float[][]> { ["emb"] = Vectors(2, 2) });
        var lines = File.ReadAllText(dir.File("t.csv")).Split("\r\n");
        Assert.Equal("well,cell_id,area,score,compound,control,emb_0,emb_1", lines[0]);
        Assert.Equal("0,0,0,0,\"cmp \"\"0\"\", µM\",true,0,0.1", lines[1]);
        Assert.Equal("1,10000000000,0.5,3.141592653589793,,false,1,1.1", lines[2]);
    }
}
