using System.Text.Json;
using CellNotebooks.Data.Clanet;
using CellNotebooks.Data.Manifests;

namespace CellNotebooks.Data.ImPartial;

/// <summary>
/// The MONAI-Label datastore index <c>datastore_v2.json</c> used by ImPartial: <c>objects.&lt;id&gt;.image</c> (file name
/// <c>info.name</c>, or id + <c>ext</c>) relative to <c>images_dir</c> (the folder itself for <c>"."</c>), and
/// <c>objects.&lt;id&gt;.labels.final</c> pointing at <c>&lt;labels_dir&gt;/final/&lt;name&gt;</c> with an optional
/// <c>checksum</c> (<c>"SHA256:…"</c>). An object whose <c>labels</c> has no <c>final</c> entry is unlabelled (image3
/// of the Vectra set). Entries are ordered by id in natural order (image0, image1, …, image10).
/// </summary>
public sealed class MonaiDatastore
{
    /// <summary>The index file name.</summary>
    public const string FileName = "datastore_v2.json";

    private MonaiDatastore(string folder, string name, IReadOnlyList<MonaiDatastoreEntry> entries)
    {
        Folder = folder;
        Name = name;
        Entries = entries;
    }

    /// <summary>Absolute path of the datastore folder (the one holding <see cref="FileName"/>).</summary>
    public string Folder { get; }

    /// <summary>The datastore's <c>name</c> field.</summary>
    public string Name { get; }

    /// <summary>All objects, natural id order.</summary>
    public IReadOnlyList<MonaiDatastoreEntry> Entries { get; }

    /// <summary>Objects with a final label.</summary>
    public IReadOnlyList<MonaiDatastoreEntry> Labelled => Entries.Where(e => e.IsLabelled).ToList();

    /// <summary>Objects without a final label (for inference).</summary>
    public IReadOnlyList<MonaiDatastoreEntry> Unlabelled => Entries.Where(e => !e.IsLabelled).ToList();

    /// <summary>The entry with id <paramref name="id"/>.</summary>
    public MonaiDatastoreEntry this[string id] =>
        Entries.FirstOrDefault(e => e.Id == id) ?? throw new KeyNotFoundException($"Datastore '{Folder}' has no object '{id}'. Known: {string.Join(", ", Entries.Select(e => e.Id))}.");

    /// <summary>Reads <paramref name="path"/>: a datastore folder or its <c>datastore_v2.json</c>.</summary>
    /// <exception cref="InvalidDataException">Missing or malformed index; the message names the file and the field.</exception>
    public static MonaiDatastore Open(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, FileName) : path;
        if (!File.Exists(file)) throw new InvalidDataException($"MONAI-Label datastore index '{file}' does not exist.");
        var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllText(file)); }
        catch (JsonException e) { throw new InvalidDataException($"MONAI-Label datastore index '{file}' is not valid JSON: {e.Message}", e); }
        using (doc)
        {
            var root = doc.RootElement;
            InvalidDataException Bad(string what) => new($"MONAI-Label datastore index '{file}': {what}");
            var imagesDir = Path.GetFullPath(Path.Combine(folder, OptionalString(root, "images_dir") ?? "."));
            var labelsDir = Path.GetFullPath(Path.Combine(folder, OptionalString(root, "labels_dir") ?? "labels"));
            if (!root.TryGetProperty("objects", out var objects) || objects.ValueKind != JsonValueKind.Object) throw Bad("no 'objects' map.");
            var entries = new List<MonaiDatastoreEntry>();
            foreach (var obj in objects.EnumerateObject())
            {
                if (!obj.Value.TryGetProperty("image", out var image) || image.ValueKind != JsonValueKind.Object)
                    throw Bad($"object '{obj.Name}' has no 'image'.");
                var imageName = FileNameOf(obj.Name, image) ?? throw Bad($"object '{obj.Name}': image has neither info.name nor ext.");
                long? ts = image.TryGetProperty("info", out var info) && info.TryGetProperty("ts", out var t) && t.TryGetInt64(out var v) ? v : null;
                string? labelPath = null, sha = null;
                if (obj.Value.TryGetProperty("labels", out var labels) && labels.ValueKind == JsonValueKind.Object && labels.TryGetProperty("final", out var final))
                {
                    var labelName = FileNameOf(obj.Name, final) ?? throw Bad($"object '{obj.Name}': final label has neither info.name nor ext.");
                    labelPath = Path.Combine(labelsDir, "final", labelName);
                    var checksum = final.TryGetProperty("info", out var li) ? OptionalString(li, "checksum") : null;
                    if (checksum is not null)
                    {
                        var colon = checksum.IndexOf(':');
                        if (colon < 0 || !checksum[..colon].Equals("sha256", StringComparison.OrdinalIgnoreCase))
                            throw Bad($"object '{obj.Name}': label checksum '{checksum}' is not 'SHA256:<hex>'.");
                        sha = checksum[(colon + 1)..].ToLowerInvariant();
                    }
                }
                entries.Add(new MonaiDatastoreEntry(obj.Name, Path.Combine(imagesDir, imageName), labelPath, sha, ts));
            }
            entries.Sort((a, b) => NaturalOrder.Instance.Compare(a.Id, b.Id));
            return new MonaiDatastore(folder, OptionalString(root, "name") ?? "", entries);
        }
    }

    /// <summary>
    /// Checks that every image and label file exists and that labels match their recorded SHA-256.
    /// Returns one sentence per problem (empty when the datastore is intact).
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var e in Entries)
        {
            if (!File.Exists(e.ImagePath)) problems.Add($"{e.Id}: image '{e.ImagePath}' is missing.");
            if (e.LabelPath is null) continue;
            if (!File.Exists(e.LabelPath)) problems.Add($"{e.Id}: label '{e.LabelPath}' is missing.");
            else if (e.LabelSha256 is { } expected && DataResolver.Sha256Of(e.LabelPath) is var actual && actual != expected)
                problems.Add($"{e.Id}: label '{e.LabelPath}' checksum mismatch, expected sha256:{expected}, actual sha256:{actual}.");
        }
        return problems;
    }

    private static string? OptionalString(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? FileNameOf(string id, JsonElement item)
    {
        var name = item.TryGetProperty("info", out var info) ? OptionalString(info, "name") : null;
        if (name is not null) return name;
        var ext = OptionalString(item, "ext");
        return ext is null ? null : id + ext;
    }
}
