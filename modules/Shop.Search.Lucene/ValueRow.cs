using System.Buffers.Binary;
using System.Text;

namespace Shop.Search.Lucene;

/// <summary>
/// A document's id and its single-valued numbers and dates in one binary doc value: the id as a
/// varint length and its UTF-8 bytes, then for each value a varint key (its
/// <see cref="ValueSlots">slot</see> times two, plus one for a double) and the value, a zig-zag
/// varint for whole numbers and dates, the 8 raw bytes of a double. Rows written before ids moved
/// into them (their documents have a sorted doc value for the id) start with the first value.
/// <para>
/// One binary value a document instead of a numeric doc value per field: Lucene.Net 4.8's
/// numeric doc-values writer measures its buffer by reflection after every value added (about
/// 1.5 µs each, half of a members rebuild with 18 numbers per member); the binary writer pays
/// that once per document. Readers decode a field's column once per segment
/// (<see cref="NumericValuesCache"/>), so queries and numeric sorts never read rows. The id rides
/// along for the same reason: a sorted doc value of its own cost a rebuild 1.8 s a million
/// documents (hashing every id, then sorting them all at each flush) for a sort key that only
/// breaks ties and for scans, which read it here (<see cref="SegmentIds"/>).
/// </para>
/// </summary>
internal static class ValueRow
{
    /// <summary>Starts a row (at <paramref name="length"/> 0) with the document's id.</summary>
    public static void StartWithId(ref byte[] buffer, ref int length, string id)
    {
        var bytes = Encoding.UTF8.GetByteCount(id);
        if (buffer.Length - length < bytes + 5) Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + bytes + 5));
        length += WriteVarint(buffer.AsSpan(length), (ulong)bytes);
        length += Encoding.UTF8.GetBytes(id, buffer.AsSpan(length));
    }

    /// <summary>Where the id sits in a row that starts with one: its offset from the row's start and its length in bytes.</summary>
    public static (int Offset, int Length) Id(ReadOnlySpan<byte> row)
    {
        var at = 0;
        var length = (int)ReadVarint(row, ref at);
        return (at, length);
    }

    /// <summary>The row's values: all of it, or what follows the id when the row starts with one.</summary>
    public static ReadOnlySpan<byte> Values(ReadOnlySpan<byte> row, bool startsWithId)
    {
        if (!startsWithId) return row;
        var (offset, length) = Id(row);
        return row[(offset + length)..];
    }

    /// <summary>Appends one value at <paramref name="length"/>, growing the buffer when needed; <paramref name="raw"/> is the number, or a double's raw bits.</summary>
    public static void Append(ref byte[] buffer, ref int length, int slot, bool isDouble, long raw)
    {
        if (buffer.Length - length < MaxEntryBytes) Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + MaxEntryBytes));
        var target = buffer.AsSpan(length);
        var written = WriteVarint(target, ((ulong)slot << 1) | (isDouble ? 1UL : 0UL));
        if (isDouble)
        {
            BinaryPrimitives.WriteInt64LittleEndian(target[written..], raw);
            written += 8;
        }
        else
        {
            written += WriteVarint(target[written..], (ulong)((raw << 1) ^ (raw >> 63)));
        }
        length += written;
    }

    /// <summary>The raw value stored in <paramref name="slot"/>, if the row has it.</summary>
    public static bool TryRead(ReadOnlySpan<byte> row, int slot, out long raw)
    {
        var at = 0;
        while (at < row.Length)
        {
            var key = ReadVarint(row, ref at);
            long value;
            if ((key & 1) == 1)
            {
                value = BinaryPrimitives.ReadInt64LittleEndian(row[at..]);
                at += 8;
            }
            else
            {
                var zigzag = ReadVarint(row, ref at);
                value = (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
            }
            if ((int)(key >> 1) == slot)
            {
                raw = value;
                return true;
            }
        }
        raw = 0;
        return false;
    }

    /// <summary>Enough for one key and one value.</summary>
    private const int MaxEntryBytes = 20;

    private static int WriteVarint(Span<byte> target, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            target[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        target[i++] = (byte)value;
        return i;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> source, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = source[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }
}
