namespace CellNotebooks.Data.Tables;

/// <summary>The column types Parquet tables support (all scalar kinds are nullable).</summary>
public enum TableColumnKind
{
    /// <summary>32-bit integer (<c>Int32DataFrameColumn</c>).</summary>
    Int32,

    /// <summary>64-bit integer (<c>Int64DataFrameColumn</c>).</summary>
    Int64,

    /// <summary>32-bit float (<c>SingleDataFrameColumn</c>).</summary>
    Float32,

    /// <summary>64-bit float (<c>DoubleDataFrameColumn</c>).</summary>
    Float64,

    /// <summary>UTF-8 string (<c>StringDataFrameColumn</c>).</summary>
    String,

    /// <summary>Boolean (<c>BooleanDataFrameColumn</c>).</summary>
    Boolean,

    /// <summary>A list of floats per row (an embedding or feature vector): Parquet LIST&lt;float&gt;, kept beside the DataFrame as <c>float[][]</c>.</summary>
    FloatVector,
}
