using Shop.Framework.Data;
using Shop.Framework.Search;

namespace Shop.Members.Indexing;

/// <summary>
/// Queues members for re-indexing in the transaction of the change that affects their
/// document, so the task commits or rolls back with it. One transaction often touches a member
/// several times (an order paid captures coupons, spends points and is paid), so the ids queued
/// are remembered per transaction and written once; the memory is dropped when another
/// transaction begins, so a task that rolled back is never taken for one that committed.
/// </summary>
public sealed class MemberDocumentQueue(IIndexingQueue queue, DbSession db)
{
    private long _transaction;
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);

    public Task EnqueueAsync(string memberId) => EnqueueAsync([memberId]);

    public async Task EnqueueAsync(IReadOnlyCollection<string> memberIds)
    {
        if (db.Transaction is null)
            throw new InvalidOperationException("Members are queued for indexing inside the transaction of the change.");
        if (db.TransactionNumber != _transaction)
        {
            _transaction = db.TransactionNumber;
            _queued.Clear();
        }
        var fresh = memberIds.Where(_queued.Add).ToList();
        if (fresh.Count > 0) await queue.EnqueueManyAsync(SearchIndexes.Members, fresh);
    }
}
