using CellNotebooks.Data.Profiling;
using CellNotebooks.Data.Tables;
using CellNotebooks.Methods.SimClr;

namespace CellNotebooks.Tests.Methods.SimClr;

public sealed class ProfileTablesTests
{
    private static SingleCellRecord Cell(string plate, string well, string compound, double conc, string moa) =>
        new($"{plate}-{well}-s1_c001.png", $"{compound}_{conc}", 0, plate, well, "s1", compound, conc, moa, plate.Split('_')[0]);

    [Fact]
    public void Cells_wells_and_treatments_round_trip_and_score_the_same()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"simclr-tables-{Guid.NewGuid():N}");
        try
        {
            var cells = new[]
            {
                Cell("Week1_1", "A01", "DMSO", 0, "DMSO"), Cell("Week1_1", "A02", "a1", 0.3, "A"), Cell("Week1_1", "A03", "b1", 1, "B"),
                Cell("Week2_1", "A01", "DMSO", 0, "DMSO"), Cell("Week2_1", "A02", "a2", 0.3, "A"), Cell("Week2_1", "A03", "b2", 1, "B"),
            };
            float[][] features = [[0, 0, 1], [1, 0, 0.5f], [0, 1, 0.25f], [0, 0.1f, 1], [1, 0.1f, 0.5f], [0.1f, 1, 0.25f]];
            var result = CellProfiling.Evaluate(cells, features, ProfileNormalisation.Raw);
            Assert.Equal(1.0, result.Nsc);

            ProfileTables.WriteCells(Path.Combine(dir, "cells.parquet"), cells, features);
            var (cellFrame, cellVectors) = ParquetTable.ReadEmbeddings(Path.Combine(dir, "cells.parquet"));
            Assert.Equal(6, cellFrame.Rows.Count);
            Assert.Equal("Week2_1-A03-s1_c001.png", cellFrame["image_name"][5]);
            Assert.Equal("Week2", cellFrame["batch"][5]);
            Assert.Equal(features[4], cellVectors[4]);

            ProfileTables.WriteWells(Path.Combine(dir, "wells.parquet"), CellProfiling.WellMeans(cells, features));
            Assert.Equal(["plate", "well", "compound", "concentration", "moa", "batch"],
                ParquetTable.Read(Path.Combine(dir, "wells.parquet")).Columns.Select(c => c.Name));

            var path = Path.Combine(dir, "treatments.parquet");
            ProfileTables.WriteTreatments(path, result.Treatments);
            var back = ProfileTables.ReadTreatments(path);
            Assert.Equal(result.Treatments.Select(t => (t.Compound, t.Concentration, t.Moa, t.Batch)), back.Select(t => (t.Compound, t.Concentration, t.Moa, t.Batch)));
            var again = CellProfiling.Score(back, ProfileNormalisation.Raw);
            Assert.Equal(result.Nsc, again.Nsc);
            Assert.Equal(result.NscNeighbour, again.NscNeighbour);
            Assert.Throws<InvalidDataException>(() => ProfileTables.ReadTreatments(Path.Combine(dir, "missing.parquet")));
            Assert.Throws<ArgumentException>(() => ProfileTables.WriteCells(Path.Combine(dir, "x.parquet"), cells, features[..2]));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
