using System.Globalization;
using System.Text;
using Microsoft.DotNet.Interactive.Documents;

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

    /// <summary>
    /// The C# source assigning every override, checked against the variables the kernel holds after the parameters
    /// cell (name → .NET type name, as <see cref="KernelSession.VariableTypesAsync"/> lists them).
    /// </summary>
    public static string Source(IReadOnlyDictionary<string, string> parameters, IReadOnlyDictionary<string, string> variableTypes)
    {
        var sb = new StringBuilder("// Parameters injected by cellnb run --param\n");
        foreach (var (name, value) in parameters)
        {
            if (!variableTypes.TryGetValue(name, out var typeName))
            {
                var known = string.Join(", ", variableTypes.Keys.Order(StringComparer.Ordinal));
                throw new ArgumentException($"--param {name}: the parameters cell declares no variable '{name}' (it declares: {known}).");
            }
            var type = ResolveType(typeName)
                ?? throw new ArgumentException($"--param {name}: variables of type {typeName} cannot be set from the command line (use string, bool, a number or an enum).");
            sb.Append(name).Append(" = ").Append(Literal(type, value, name)).Append(";\n");
        }
        return sb.ToString().TrimEnd('\n');
    }

    /// <summary>A C# literal of <paramref name="type"/> for the command-line text; unparsable text is an error naming the parameter.</summary>
    public static string Literal(Type type, string text, string name)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        try
        {
            if (t == typeof(string)) return StringLiteral(text);
            if (t == typeof(bool)) return bool.Parse(text.Trim()) ? "true" : "false";
            if (t == typeof(char) && text.Length == 1) return "'" + Escape(text, '\'') + "'";
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
    public static InteractiveDocumentElement CreateCell(string source) => new(source, "csharp", [])
    {
        Id = InjectedTag,
        Metadata = new Dictionary<string, object>
        {
            ["dotnet_interactive"] = new Dictionary<string, object> { ["language"] = "csharp" },
            ["polyglot_notebook"] = new Dictionary<string, object> { ["kernelName"] = "csharp" },
            ["tags"] = new[] { InjectedTag },
        },
    };

    /// <summary>A regular C# string literal of <paramref name="text"/> (quotes, backslashes and control characters escaped).</summary>
    public static string StringLiteral(string text) => "\"" + Escape(text, '"') + "\"";

    private static string Escape(string text, char quote)
    {
        var sb = new StringBuilder(text.Length + 2);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                _ when c == quote => "\\" + c,
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }

    /// <summary>The type a kernel type name means: a framework type, or one from an assembly loaded here (the library's enums).</summary>
    private static Type? ResolveType(string typeName) =>
        Type.GetType(typeName) ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName)).FirstOrDefault(t => t is not null);

    private static string Floating(double value, string suffix, string typeName)
    {
        if (double.IsNaN(value)) return $"{typeName}.NaN";
        if (double.IsPositiveInfinity(value)) return $"{typeName}.PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return $"{typeName}.NegativeInfinity";
        return (suffix == "f" ? ((float)value).ToString("R", CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture)) + suffix;
    }
}
