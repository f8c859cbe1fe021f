using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Shop.Search.Lucene;

/// <summary>
/// The final sort key of every search: the document id in UTF-8 byte order (the order the id's
/// sorted doc value had), read through <see cref="SegmentIds"/>. Values come out as
/// <see cref="BytesRef"/>s, which cursors encode as strings.
/// </summary>
internal sealed class IdComparerSource : FieldComparerSource
{
    public static readonly IdComparerSource Instance = new();

    private IdComparerSource() { }

    public override FieldComparer NewComparer(string fieldname, int numHits, int sortPos, bool reversed) => new Comparer(numHits);

    private sealed class Comparer(int numHits) : FieldComparer<BytesRef>
    {
        private readonly BytesRef[] _slots = new BytesRef[numHits];
        private readonly BytesRef _scratch = new();
        private SegmentIds? _ids;
        private BytesRef? _bottom, _top;

        public override BytesRef this[int slot] => _slots[slot];

        public override int Compare(int slot1, int slot2) => _slots[slot1].CompareTo(_slots[slot2]);

        public override int CompareValues(BytesRef first, BytesRef second) => first.CompareTo(second);

        public override void SetBottom(int slot) => _bottom = _slots[slot];

        public override void SetTopValue(BytesRef value) => _top = value;

        public override int CompareBottom(int doc) => _bottom!.CompareTo(Read(doc));

        public override int CompareTop(int doc) => _top!.CompareTo(Read(doc));

        public override void Copy(int slot, int doc) => (_slots[slot] ??= new BytesRef()).CopyBytes(Read(doc));

        public override FieldComparer SetNextReader(AtomicReaderContext context)
        {
            _ids = new SegmentIds(context.AtomicReader);
            return this;
        }

        private BytesRef Read(int doc)
        {
            _ids!.Get(doc, _scratch);
            return _scratch;
        }
    }
}
