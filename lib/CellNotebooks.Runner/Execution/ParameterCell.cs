using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Scripting;

namespace CellNotebooks.Runner.Execution;

/// <summary>
/// Papermill-style parameters: the code cell tagged <c>parameters</c> declares plain scalars; <c>--param Name=Value</c>
/// becomes a cell tagged <c>injected-parameters</c> inserted right after it that assigns each value, converted to the
/// type of the variable the parameters cell declared (strings quoted and escaped, numbers in the invariant culture).
/// </summary>
public static class ParameterCell
{
    /// <summary>Tag of the cell that declares the parameters.</summary>
    public const string ParametersTag = "parameters";

    /// <summary>Tag of the cell the runner inserts.</summary>
    public const string InjectedTag = "injected-parameters";

    /// <summary>The C# source assigning every override, checked against the variables of the parameters cell.</summary>
    public static string Source(IReadOnlyDictionary<string, string> parameters, ScriptState state)
    {
        var sb = new StringBuilder("// Parameters injected by cellnb run --param\n");
        foreach (var (name, value) in parameters)
        {
            var variable = state.GetVariable(name);
            if (variable is null)
            {
                var known = string.Join(", ", state.Variables.Select(v => v.Name).Distinct());
                throw new ArgumentException($"--param {name}: the parameters cell declares no variable '{name}' (it declares: {known}).");
            }
            sb.Append(name).Append(" = ").Append(Literal(variable.Type, value, name)).Append(";\n");
        }
        return sb.ToString().TrimEnd('\n');
    }

    /// <summary>A C# literal of <paramref name="type"/> for the command-line text; unparsable text is an error naming the parameter.</summary>
    public static string Literal(Type type, string text, string name)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        try
        {
            if (t == typeof(string)) return SymbolDisplay.FormatLiteral(text, quote: true);
            if (t == typeof(bool)) return bool.Parse(text.Trim()) ? "true" : "false";
            if (t == typeof(char) && text.Length == 1) return SymbolDisplay.FormatLiteral(text[0], quote: true);
            if (t.IsEnum) return $"global::{t.FullName!.Replace('+', '.')}.{Enum.Parse(t, text.Trim(), ignoreCase: true)}";
            var inv = CultureInfo.InvariantCulture;
            var s = text.Trim();
            return Type.GetTypeCode(t) switch
            {
                TypeCode.Int32 => int.Parse(s, inv).ToString(inv),
                TypeCode.Int64 => long.Parse(s, inv).ToString(inv) + "L",
                TypeCode.Int16 => $"(short){short.Parse(s, inv).ToString(inv)}",
                TypeCode.Byte => $"(byte){byte.Parse(s, inv).ToString(inv)}",
                TypeCode.UInt32 => uint.Parse(s, inv).ToString(inv) + "U",
                TypeCode.UInt64 => ulong.Parse(s, inv).ToString(inv) + "UL",
                TypeCode.Double => Floating(double.Parse(s, NumberStyles.Float, inv), "d", "double"),
                TypeCode.Single => Floating(float.Parse(s, NumberStyles.Float, inv), "f", "float"),
                TypeCode.Decimal => decimal.Parse(s, NumberStyles.Float, inv).ToString(inv) + "m",
                _ => throw new ArgumentException($"--param {name}: variables of type {t.Name} cannot be set from the command line (use string, bool, a number or an enum)."),
            };
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"--param {name}={text}: not a valid {t.Name} ({e.Message}).", e);
        }
        catch (OverflowException e)
        {
            throw new ArgumentException($"--param {name}={text}: out of range for {t.Name}.", e);
        }
    }

    /// <summary>Builds the injected code cell (Polyglot metadata, tagged, id "injected-parameters").</summary>
    public static JsonObject CreateCell(string source) => new()
    {
        ["cell_type"] = "code",
        ["execution_count"] = null,
        ["id"] = InjectedTag,
        ["metadata"] = new JsonObject
        {
            ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
            ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
            ["tags"] = new JsonArray(InjectedTag),
        },
        ["outputs"] = new JsonArray(),
        ["source"] = NotebookDocument.SourceLines(source),
    };

    private static string Floating(double value, string suffix, string typeName)
    {
        if (double.IsNaN(value)) return $"{typeName}.NaN";
        if (double.IsPositiveInfinity(value)) return $"{typeName}.PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return $"{typeName}.NegativeInfinity";
        return (suffix == "f" ? ((float)value).ToString("R", CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture)) + suffix;
    }
}
