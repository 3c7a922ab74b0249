namespace CellNotebooks.Notebooks;

/// <summary>
/// Convention-based formatter registration for the .NET Interactive kernel without a reference to
/// <c>Microsoft.DotNet.Interactive.Formatting</c>. When the kernel first formats a value it looks at the value's
/// type for an attribute whose class is <em>named</em> <c>TypeFormatterSourceAttribute</c> (any namespace), reads its
/// <c>FormatterSourceType</c> property, creates that type with its parameterless constructor, calls its public
/// <c>CreateTypeFormatters()</c> and registers every returned object that has a public <c>string MimeType</c>
/// property and a public <c>bool Format(object, TextWriter)</c> method (an optional <c>Type</c> property narrows the
/// type). This is <c>Formatter.TryRegisterFromConventionBasedFormatterSources</c> in dotnet/interactive; TorchSharp
/// formats tensors the same way. See <see cref="HtmlFormatterSource"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = true, Inherited = true)]
public sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    /// <summary>The type whose <c>CreateTypeFormatters()</c> yields the formatters.</summary>
    public Type FormatterSourceType { get; } = formatterSourceType;

    /// <summary>MIME types the kernel should prefer for the attributed type (optional).</summary>
    public string[]? PreferredMimeTypes { get; set; }
}
