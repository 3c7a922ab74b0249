using CellNotebooks.Notebooks;
using CellNotebooks.Runner.Execution;

namespace CellNotebooks.Tests.Runner;

public sealed class ParameterCellTests
{
    [Theory]
    [InlineData(typeof(string), "a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData(typeof(int), "42", "42")]
    [InlineData(typeof(long), "-7", "-7L")]
    [InlineData(typeof(double), "1e-3", "0.001d")]
    [InlineData(typeof(float), "0.1", "0.1f")]
    [InlineData(typeof(bool), "True", "true")]
    [InlineData(typeof(Preset), "smoke", "global::CellNotebooks.Notebooks.Preset.Smoke")]
    public void Values_become_literals_of_the_declared_type(Type type, string text, string literal) =>
        Assert.Equal(literal, ParameterCell.Literal(type, text, "X"));

    [Fact]
    public void Unparsable_values_and_unsupported_types_are_errors_naming_the_parameter()
    {
        Assert.Contains("Epochs=ten", Assert.Throws<ArgumentException>(() => ParameterCell.Literal(typeof(int), "ten", "Epochs")).Message);
        Assert.Contains("Shape", Assert.Throws<ArgumentException>(() => ParameterCell.Literal(typeof(int[]), "1", "Shape")).Message);
        Assert.Throws<ArgumentException>(() => RunOptions.ParseParameters(["NoEquals"]));
        var declared = new Dictionary<string, string> { ["Seed"] = "System.Int32", ["Name"] = "System.String", ["Grid"] = "System.Int32[]" };
        Assert.Contains("Seed=many", Assert.Throws<ArgumentException>(() => ParameterCell.Source(new Dictionary<string, string> { ["Seed"] = "many" }, declared)).Message);
        Assert.Contains("Grid", Assert.Throws<ArgumentException>(() => ParameterCell.Source(new Dictionary<string, string> { ["Grid"] = "1" }, declared)).Message);
        Assert.Equal("// Parameters injected by cellnb run --param\nSeed = 4;\nName = \"a\\tb\";",
            ParameterCell.Source(new Dictionary<string, string> { ["Seed"] = "4", ["Name"] = "a\tb" }, declared));
        Assert.Equal("a=b", RunOptions.ParseParameters(["Text=a=b"])["Text"]);
    }
}
