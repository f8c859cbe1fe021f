using Shop.Framework.Events;
using Shop.Members.Events;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Members.Indexing;
using Shop.Members.Models;

namespace Shop.Members.Services;

/// <summary>Members and their identities: lookup, staff edits, and find-or-create on login.</summary>
public sealed class MemberService(DbSession db, Outbox outbox, MemberDocumentQueue documents, MemberCache cache, TimeProvider clock)
{
    internal const string Columns =
        "id AS Id, display_name AS DisplayName, phone AS Phone, birthday AS Birthday, gender AS Gender, city AS City, " +
        "registration_channel AS RegistrationChannel, created_at AS CreatedAt, updated_at AS UpdatedAt";

    private const string IdentityColumns =
        "provider AS Provider, subject AS Subject, union_id AS UnionId, member_id AS MemberId, created_at AS CreatedAt";

    // Several modules look the same member up in one request (check-in, then tiers); the
    // service is scoped, so one read serves them all. Only hits are kept.
    private readonly Dictionary<string, Member> _seen = [];

    public async Task<Member?> GetAsync(string id)
    {
        if (_seen.TryGetValue(id, out var known)) return known;
        if (cache.Find(id) is { } cached) return _seen[id] = cached;
        var generation = cache.Generation;
        var member = await db.QuerySingleOrDefaultAsync<Member>($"SELECT {Columns} FROM members WHERE id = @id", new { id });
        if (member is null) return null;
        cache.Keep(member, generation);
        return _seen[id] = member;
    }

    /// <summary>The members among <paramref name="ids"/> that exist, in one query (bulk tagging, pushes, samples).</summary>
    public async Task<IReadOnlyDictionary<string, Member>> GetManyAsync(IReadOnlyCollection<string> ids)
    {
        var missing = ids.Where(id => !_seen.ContainsKey(id)).Distinct().ToArray();
        if (missing.Length > 0)
            foreach (var member in await db.QueryAsync<Member>($"SELECT {Columns} FROM members WHERE {db.In("id", "missing")}", new { missing }))
                _seen[member.Id] = member;
        return ids.Distinct().Where(_seen.ContainsKey).ToDictionary(id => id, id => _seen[id]);
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<MemberIdentity>>> IdentitiesAsync(IReadOnlyCollection<string> memberIds)
    {
        var rows = await db.QueryAsync<MemberIdentity>(
            $"SELECT {IdentityColumns} FROM member_identities WHERE {db.In("member_id", "memberIds")} ORDER BY created_at",
            new { memberIds = memberIds.ToArray() });
        return rows.GroupBy(r => r.MemberId).ToDictionary(g => g.Key, g => (IReadOnlyList<MemberIdentity>)g.ToList());
    }

    /// <summary>Newest first; phone is an exact match after normalising, name a case-insensitive substring (taken literally).</summary>
    public async Task<(IReadOnlyList<Member> Rows, int Total)> ListAsync(MemberFilter filter, PageRequest page)
    {
        var where = new List<string>();
        var phone = MemberRules.NormalizePhone(filter.Phone) ?? filter.Phone?.Trim();
        if (!string.IsNullOrEmpty(phone)) where.Add("phone = @phone");
        if (!string.IsNullOrWhiteSpace(filter.Name)) where.Add("LOWER(display_name) LIKE @name ESCAPE '\\'");
        if (!string.IsNullOrWhiteSpace(filter.Channel)) where.Add("registration_channel = @channel");
        var args = new
        {
            phone,
            name = SqlLike.Containing(filter.Name?.Trim().ToLowerInvariant() ?? ""),
            channel = filter.Channel?.Trim(),
            after = page.AfterKey,
            take = page.First + 1,
        };
        var filterSql = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        var total = await db.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM members {filterSql}", args);
        var pageSql = page.AfterKey is null ? filterSql : (where.Count == 0 ? "WHERE id < @after" : filterSql + " AND id < @after");
        var rows = await db.QueryAsync<Member>($"SELECT {Columns} FROM members {pageSql} ORDER BY id DESC LIMIT @take", args);
        return (rows.ToList(), total);
    }

    public async Task<MemberResult> CreateAsync(MemberInput input)
    {
        var errors = MemberRules.Validate(input, creating: true);
        if (errors.Count > 0) return MemberResult.Fail(errors);
        var now = clock.NowMs();
        var member = new Member
        {
            Id = Ids.New("mbr"),
            DisplayName = input.DisplayName!.Trim(),
            Phone = MemberRules.NormalizePhone(input.Phone),
            Birthday = NullIfEmpty(input.Birthday),
            Gender = NullIfEmpty(input.Gender),
            City = NullIfEmpty(input.City?.Trim()),
            RegistrationChannel = NullIfEmpty(input.RegistrationChannel?.Trim()) ?? "admin",
            CreatedAt = now,
            UpdatedAt = now,
        };
        return await db.InTransactionAsync(async () => await InsertAsync(member) ? MemberResult.Ok(member) : PhoneTaken());
    }

    /// <summary>
    /// Applies the non-null fields; an empty string clears an optional field. One UPDATE sets only
    /// the given columns, so concurrent edits of different fields both stick; the payload is the
    /// row as stored.
    /// </summary>
    public async Task<MemberResult> UpdateAsync(string id, MemberInput input)
    {
        var errors = MemberRules.Validate(input, creating: false);
        if (errors.Count > 0) return MemberResult.Fail(errors);
        var values = new
        {
            id,
            DisplayName = input.DisplayName?.Trim(),
            Phone = MemberRules.NormalizePhone(input.Phone),
            Birthday = NullIfEmpty(input.Birthday),
            Gender = NullIfEmpty(input.Gender),
            City = NullIfEmpty(input.City?.Trim()),
            RegistrationChannel = NullIfEmpty(input.RegistrationChannel?.Trim()),
            UpdatedAt = clock.NowMs(),
        };
        var set = new List<string> { "updated_at = @UpdatedAt" };
        if (values.DisplayName is not null) set.Add("display_name = @DisplayName");
        if (input.Phone is not null) set.Add("phone = @Phone");
        if (input.Birthday is not null) set.Add("birthday = @Birthday");
        if (input.Gender is not null) set.Add("gender = @Gender");
        if (input.City is not null) set.Add("city = @City");
        if (values.RegistrationChannel is not null) set.Add("registration_channel = @RegistrationChannel"); // required: "" leaves it
        Member? updated;
        // The unique index on phone decides who owns a number; no pre-check that a race could pass.
        try
        {
            updated = await db.InTransactionAsync(async () =>
            {
                var row = await db.QuerySingleOrDefaultAsync<Member>(
                    $"UPDATE members SET {string.Join(", ", set)} WHERE id = @id RETURNING {Columns}", values);
                if (row is null) return null;
                await documents.EnqueueAsync(row.Id);
                // After the outermost commit: a reader that read the row before it must not keep it.
                await db.AfterCommitAsync(() => { cache.Changed(); return Task.CompletedTask; });
                return row;
            });
        }
        catch (System.Data.Common.DbException e) when (e.IsUniqueViolation())
        {
            return PhoneTaken();
        }
        if (updated is null) return MemberResult.Fail(ErrorCodes.NotFound, $"No member '{id}'.", "id");
        _seen[updated.Id] = updated;
        return MemberResult.Ok(updated);
    }

    public async Task<Member?> FindByIdentityAsync(string provider, string subject)
    {
        var memberId = await db.QuerySingleOrDefaultAsync<string>(
            "SELECT member_id FROM member_identities WHERE provider = @provider AND subject = @subject", new { provider, subject });
        return memberId is null ? null : await GetAsync(memberId);
    }

    /// <summary>
    /// The member behind an external identity, creating one on first sign-in. One-ID: an identity
    /// with a known union id or phone joins the member that already has it. Safe under concurrent
    /// first logins: the identity's primary key decides the winner and the loser re-reads.
    /// </summary>
    public async Task<(Member Member, bool Created)> FindOrCreateByIdentityAsync(ExternalIdentity identity, LoginProfile? profile)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var existing = await FindByIdentityAsync(identity.Provider, identity.Subject);
            if (existing is not null) return (existing, false);

            try
            {
                return await db.InTransactionAsync(async () =>
                {
                    var now = clock.NowMs();
                    var (linked, hasUnion) = await LinkedMemberAsync(identity);
                    var created = false;
                    if (linked is null)
                    {
                        linked = NewMember(identity, profile, now);
                        // Zero rows: another login took this phone meanwhile; the retry links to that member.
                        if (!await InsertAsync(linked)) throw new IdentityRaceLost();
                        created = true;
                    }
                    // The union id's primary key decides between concurrent first logins sharing it:
                    // zero rows means another login claimed it first, and the retry joins that member.
                    if (identity.UnionId is not null && !hasUnion && await db.ExecuteAsync(
                            "INSERT INTO member_unions (union_id, member_id) VALUES (@UnionId, @memberId) ON CONFLICT (union_id) DO NOTHING",
                            new { identity.UnionId, memberId = linked.Id }) == 0)
                        throw new IdentityRaceLost(); // rolls back the member we just created
                    var bound = await db.ExecuteAsync(
                        "INSERT INTO member_identities (provider, subject, union_id, member_id, created_at) VALUES (@Provider, @Subject, @UnionId, @memberId, @now) " +
                        "ON CONFLICT (provider, subject) DO NOTHING",
                        new { identity.Provider, identity.Subject, identity.UnionId, memberId = linked.Id, now });
                    if (bound == 0) throw new IdentityRaceLost(); // rolls back the member we just created
                    return (linked, created);
                });
            }
            catch (IdentityRaceLost)
            {
            }
        }
        throw new InvalidOperationException($"Could not bind identity {identity.Provider} after retries.");
    }

    /// <summary>The member that already holds the identity's union id, else its phone; and whether the union id is claimed.</summary>
    private async Task<(Member? Member, bool HasUnion)> LinkedMemberAsync(ExternalIdentity identity)
    {
        if (identity.UnionId is not null)
        {
            var byUnion = await db.QuerySingleOrDefaultAsync<string>("SELECT member_id FROM member_unions WHERE union_id = @UnionId", identity);
            if (byUnion is not null) return (await GetAsync(byUnion), true);
        }
        if (identity.Phone is not null)
            return (await db.QuerySingleOrDefaultAsync<Member>($"SELECT {Columns} FROM members WHERE phone = @Phone", identity), false);
        return (null, false);
    }

    private static Member NewMember(ExternalIdentity identity, LoginProfile? profile, long now) => new()
    {
        Id = Ids.New("mbr"),
        DisplayName = NullIfEmpty(profile?.DisplayName?.Trim()) ?? DefaultName(identity),
        Phone = identity.Phone,
        Birthday = NullIfEmpty(profile?.Birthday),
        Gender = NullIfEmpty(profile?.Gender),
        City = NullIfEmpty(profile?.City?.Trim()),
        RegistrationChannel = identity.Channel,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>"会员0000" from the phone's last four digits, never the whole number.</summary>
    private static string DefaultName(ExternalIdentity identity) =>
        identity.Phone is { Length: >= 4 } phone ? $"会员{phone[^4..]}" : $"会员{identity.Subject[^Math.Min(4, identity.Subject.Length)..]}";

    /// <summary>Inserts the member, raises <see cref="MemberRegistered"/> and queues its document; false when the phone is taken.</summary>
    private async Task<bool> InsertAsync(Member member)
    {
        var inserted = await db.ExecuteAsync(
            "INSERT INTO members (id, display_name, phone, birthday, gender, city, registration_channel, created_at, updated_at) " +
            "VALUES (@Id, @DisplayName, @Phone, @Birthday, @Gender, @City, @RegistrationChannel, @CreatedAt, @UpdatedAt) ON CONFLICT DO NOTHING",
            member) == 1;
        if (!inserted) return false;
        await outbox.PublishAsync(new MemberRegistered(member.Id, member.RegistrationChannel, member.CreatedAt));
        await documents.EnqueueAsync(member.Id);
        return true;
    }

    private static MemberResult PhoneTaken() =>
        MemberResult.Fail(MemberErrorCodes.PhoneTaken, "Another member already has this phone number.", "phone");

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private sealed class IdentityRaceLost : Exception;
}
