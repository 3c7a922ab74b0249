namespace CellNotebooks.Imaging;

/// <summary>The ROI type byte (offset 6) of an ImageJ <c>.roi</c> record (ImageJ's <c>RoiDecoder</c> numbering).</summary>
public enum ImageJRoiType : byte
{
    /// <summary>Polygon (0).</summary>
    Polygon = 0,

    /// <summary>Rectangle (1); with a shape length &gt; 0 the record is a composite shape ROI.</summary>
    Rect = 1,

    /// <summary>Oval (2).</summary>
    Oval = 2,

    /// <summary>Straight line (3).</summary>
    Line = 3,

    /// <summary>Segmented line (4).</summary>
    FreeLine = 4,

    /// <summary>Polyline (5).</summary>
    PolyLine = 5,

    /// <summary>No ROI (6).</summary>
    NoRoi = 6,

    /// <summary>Freehand (7).</summary>
    Freehand = 7,

    /// <summary>Traced (8), e.g. by the wand tool; what ImPartial's Vectra labels mostly are.</summary>
    Traced = 8,

    /// <summary>Angle (9).</summary>
    Angle = 9,

    /// <summary>Point (10).</summary>
    Point = 10,
}
