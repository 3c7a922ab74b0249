namespace CellNotebooks.Data.Demo;

/// <summary>
/// The cells of one flask position over time: seeded in colonies or scattered, random-walking (colonies drift
/// together), dividing with the line's doubling time until the field is crowded.
/// </summary>
internal sealed class FlaskSimulation
{
    internal sealed record Cell(double X, double Y, double Angle, double Major, double Minor, int Colony, double NucleusDx, double NucleusDy);

    private readonly BrightfieldCellLine line;
    private readonly Random rng;
    private readonly int width, height;
    private readonly double scale, orientation;
    private readonly List<(double X, double Y)> colonies = [];

    public FlaskSimulation(BrightfieldCellLine line, BrightfieldBatchLook look, int width, int height, double cellScale, Random rng)
    {
        this.line = line;
        this.rng = rng;
        this.width = width;
        this.height = height;
        scale = cellScale * look.SizeScale;
        orientation = rng.NextDouble() * Math.PI;
        int n = Math.Max(3, (int)Math.Round(line.Density * look.DensityScale * width * height / 1e5));
        int clustered = (int)Math.Round(n * line.Clustering);
        int colonyCount = Math.Max(1, (int)Math.Round(clustered / 8.0));
        for (int c = 0; c < colonyCount; c++) colonies.Add((rng.NextDouble() * width, rng.NextDouble() * height));
        for (int i = 0; i < n; i++)
        {
            if (i < clustered)
            {
                int c = rng.Next(colonyCount);
                Cells.Add(NewCell(colonies[c].X + Gauss() * line.ClusterSpread * scale, colonies[c].Y + Gauss() * line.ClusterSpread * scale, c));
            }
            else
            {
                Cells.Add(NewCell(rng.NextDouble() * width, rng.NextDouble() * height, -1));
            }
        }
    }

    public List<Cell> Cells { get; } = [];

    /// <summary>Advances the population by <paramref name="hours"/>.</summary>
    public void Step(double hours)
    {
        var drift = colonies.Select(_ => (X: Gauss() * line.Motility * 0.5 * Math.Sqrt(hours), Y: Gauss() * line.Motility * 0.5 * Math.Sqrt(hours))).ToArray();
        for (int c = 0; c < colonies.Count; c++) colonies[c] = (colonies[c].X + drift[c].X, colonies[c].Y + drift[c].Y);
        double pDivide = 1 - Math.Pow(2, -hours / line.DoublingHours);
        double area = Cells.Sum(c => Math.PI * c.Major * c.Minor);
        double crowded = 0.55 * width * height;
        var next = new List<Cell>(Cells.Count * 2);
        foreach (var cell in Cells)
        {
            double jitter = (cell.Colony >= 0 ? 0.3 : 1.0) * line.Motility * Math.Sqrt(hours);
            double dx = Gauss() * jitter + (cell.Colony >= 0 ? drift[cell.Colony].X : 0);
            double dy = Gauss() * jitter + (cell.Colony >= 0 ? drift[cell.Colony].Y : 0);
            var moved = cell with { X = Reflect(cell.X + dx, width), Y = Reflect(cell.Y + dy, height), Angle = cell.Angle + Gauss() * 0.15 };
            if (area < crowded && rng.NextDouble() < pDivide)
            {
                double ox = Math.Cos(moved.Angle) * moved.Major * 0.75, oy = Math.Sin(moved.Angle) * moved.Major * 0.75;
                next.Add(moved with { X = moved.X - ox, Y = moved.Y - oy });
                var daughter = NewCell(moved.X + ox, moved.Y + oy, moved.Colony);
                next.Add(daughter with { Angle = moved.Angle + Gauss() * 0.3 });
                area += Math.PI * daughter.Major * daughter.Minor;
            }
            else
            {
                next.Add(moved);
            }
        }
        Cells.Clear();
        Cells.AddRange(next);
    }

    private Cell NewCell(double x, double y, int colony)
    {
        double r = Math.Max(3, (line.Radius + Gauss() * line.RadiusSd) * scale);
        double e = Math.Max(1, line.Elongation * (1 + 0.15 * Gauss()));
        double angle = line.Alignment > 0 ? orientation + Gauss() * (1 - line.Alignment) * Math.PI / 2 : rng.NextDouble() * Math.PI;
        double sqrtE = Math.Sqrt(e);
        return new Cell(Reflect(x, width), Reflect(y, height), angle, r * sqrtE, r / sqrtE, colony, Gauss() * 0.15, Gauss() * 0.15);
    }

    private static double Reflect(double v, double limit)
    {
        if (v < 0) v = -v;
        if (v > limit) v = 2 * limit - v;
        return Math.Clamp(v, 0, limit);
    }

    private double Gauss()
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
