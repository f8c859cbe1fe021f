namespace Shop.Search.Lucene;

/// <summary>
/// The slot number of each single-valued numeric field of an index inside its documents'
/// <see cref="ValueRow"/>s. Append-only and kept in a file beside the index's generations, so a
/// slot keeps its meaning across restarts, rebuilds and definitions that gain fields. A new slot
/// reaches the file before any document can use it.
/// </summary>
internal sealed class ValueSlots
{
    public const string FileName = "values.slots";

    private readonly string _path;
    private readonly Lock _lock = new();
    private volatile Dictionary<string, int> _slots;

    private ValueSlots(string path, Dictionary<string, int> slots)
    {
        _path = path;
        _slots = slots;
    }

    /// <summary>The slots of the index in <paramref name="folder"/> (none yet when it has no file).</summary>
    public static ValueSlots Open(string folder)
    {
        var path = Path.Combine(folder, FileName);
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        if (File.Exists(path))
            foreach (var name in File.ReadAllLines(path).Where(l => l.Length > 0))
                slots.TryAdd(name, slots.Count);
        return new ValueSlots(path, slots);
    }

    /// <summary>The field's slot, or -1 when no document of the index was ever written with it.</summary>
    public int Find(string field) => _slots.TryGetValue(field, out var slot) ? slot : -1;

    /// <summary>The field's slot, assigned (and written down) on first use.</summary>
    public int For(string field)
    {
        var slot = Find(field);
        if (slot >= 0) return slot;
        lock (_lock)
        {
            if (_slots.TryGetValue(field, out slot)) return slot;
            var next = new Dictionary<string, int>(_slots, StringComparer.Ordinal) { [field] = _slots.Count };
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            var temp = _path + ".tmp";
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                using (var writer = new StreamWriter(file, leaveOpen: true))
                    foreach (var name in next.OrderBy(p => p.Value).Select(p => p.Key)) writer.WriteLine(name);
                // On disk before the rename and before any commit of a document that uses the slot:
                // losing the file would leave every value of the index unreadable until a rebuild.
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, _path, overwrite: true);
            _slots = next;
            return next[field];
        }
    }
}
