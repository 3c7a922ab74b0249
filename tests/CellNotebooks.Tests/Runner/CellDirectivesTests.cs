using CellNotebooks.Runner.Execution;

namespace CellNotebooks.Tests.Runner;

public sealed class CellDirectivesTests
{
    private static readonly CarriedPackages Packages = new(new Dictionary<string, string> { ["Plotly.NET"] = "6.0.0", ["TorchSharp"] = "0.107.0" });

    [Fact]
    public void Directive_lines_become_empty_lines_so_error_line_numbers_stay_those_of_the_cell()
    {
        var d = CellDirectives.Parse("#!csharp\n#r \"nuget: TorchSharp, 0.107.0\"\n#r \"nuget: Plotly.NET.Interactive, 6.0.0\"\nvar x = 1;", "/tmp", Packages);
        Assert.Empty(d.Errors);
        Assert.Equal("\n\n\nvar x = 1;", d.Code);
        Assert.Equal(["TorchSharp", "Plotly.NET"], d.Packages);
        Assert.Equal(["#!csharp"], d.Magics);
    }

    [Fact]
    public void Missing_packages_wrong_versions_and_missing_dlls_are_errors_naming_them()
    {
        var d = CellDirectives.Parse("#r \"nuget: Foo.Bar, 1.0\"\n#r \"nuget: Plotly.NET, 5.0.0\"\n#r \"nothere/Nope.dll\"", "/tmp", Packages);
        Assert.Equal(3, d.Errors.Count);
        Assert.Contains("Foo.Bar", d.Errors[0]);
        Assert.Contains("6.0.0", d.Errors[1]);
        Assert.Contains("/tmp/nothere/Nope.dll", d.Errors[2]);
    }

    [Fact]
    public void Embedded_package_list_is_the_central_one()
    {
        Assert.Equal("0.107.0", CarriedPackages.Embedded.Versions["TorchSharp"]);
        Assert.Null(CarriedPackages.Embedded.Check("Plotly.NET.Interactive", CarriedPackages.Embedded.Versions["Plotly.NET"]));
    }
}
