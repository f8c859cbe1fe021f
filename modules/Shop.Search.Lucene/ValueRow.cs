using System.Buffers.Binary;

namespace Shop.Search.Lucene;

/// <summary>
/// A document's single-valued numbers and dates in one binary doc value: for each, a varint key
/// (its <see cref="ValueSlots">slot</see> times two, plus one for a double) and the value, a
/// zig-zag varint for whole numbers and dates, the 8 raw bytes of a double.
/// <para>
/// One binary value a document instead of a numeric doc value per field: Lucene.Net 4.8's
/// numeric doc-values writer measures its buffer by reflection after every value added (about
/// 1.5 µs each, half of a members rebuild with 18 numbers per member); the binary writer pays
/// that once per document. Readers decode a field's column once per segment
/// (<see cref="NumericValuesCache"/>), so queries and sorts never read rows.
/// </para>
/// </summary>
internal static class ValueRow
{
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
