using Microsoft.AspNetCore.Identity;
using Shop.Framework.Data;

namespace Shop.Framework.Auth;

/// <summary>
/// ASP.NET Core Identity store for merchant staff on our own tables (Dapper, both databases).
/// Identity reads a user, changes it in memory and writes it back, which loses updates when sign-ins
/// race: thirty wrong passwords at once counted seven. So the lockout counters are changed in the
/// database where they are set (an increment is one UPDATE ... RETURNING), and an update writes the
/// profile only over the row it read (same security stamp), never the counters.
/// </summary>
public sealed class AdminUserStore(DbSession db, TimeProvider clock) :
    IUserPasswordStore<AdminUser>, IUserEmailStore<AdminUser>, IUserSecurityStampStore<AdminUser>,
    IUserRoleStore<AdminUser>, IUserLockoutStore<AdminUser>
{
    private const string Columns =
        "id AS Id, email AS Email, normalized_email AS NormalizedEmail, display_name AS DisplayName, password_hash AS PasswordHash, " +
        "security_stamp AS SecurityStamp, security_stamp AS LoadedSecurityStamp, access_failed_count AS AccessFailedCount, lockout_end AS LockoutEnd, created_at AS CreatedAt";

    public async Task<IdentityResult> CreateAsync(AdminUser user, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(user.Id)) user.Id = Ids.New("stf");
        user.CreatedAt = clock.NowMs();
        var inserted = await db.ExecuteAsync(
            "INSERT INTO admin_users (id, email, normalized_email, display_name, password_hash, security_stamp, access_failed_count, lockout_end, created_at) " +
            "VALUES (@Id, @Email, @NormalizedEmail, @DisplayName, @PasswordHash, @SecurityStamp, @AccessFailedCount, @LockoutEnd, @CreatedAt) " +
            "ON CONFLICT (normalized_email) DO NOTHING", user);
        if (inserted == 1) user.LoadedSecurityStamp = user.SecurityStamp;
        return inserted == 1 ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError { Code = "DuplicateEmail", Description = "An account with this email exists." });
    }

    /// <summary>
    /// Writes the profile, password and stamp, provided nobody changed the stamp since this copy was
    /// read: a sign-in that read the user before a password change cannot write the old password back.
    /// </summary>
    public async Task<IdentityResult> UpdateAsync(AdminUser user, CancellationToken cancellationToken)
    {
        var updated = await db.ExecuteAsync(
            "UPDATE admin_users SET email = @Email, normalized_email = @NormalizedEmail, display_name = @DisplayName, password_hash = @PasswordHash, " +
            "security_stamp = @SecurityStamp WHERE id = @Id AND security_stamp = @LoadedSecurityStamp", user);
        if (updated == 0) return IdentityResult.Failed(new IdentityErrorDescriber().ConcurrencyFailure());
        user.LoadedSecurityStamp = user.SecurityStamp;
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> DeleteAsync(AdminUser user, CancellationToken cancellationToken)
    {
        await db.InTransactionAsync(async () =>
        {
            await db.ExecuteAsync("DELETE FROM admin_user_roles WHERE user_id = @Id", user);
            await db.ExecuteAsync("DELETE FROM admin_users WHERE id = @Id", user);
        }, cancellationToken);
        return IdentityResult.Success;
    }

    public Task<AdminUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<AdminUser>($"SELECT {Columns} FROM admin_users WHERE id = @userId", new { userId });

    public Task<AdminUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken) =>
        FindByEmailAsync(normalizedUserName, cancellationToken);

    public Task<AdminUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<AdminUser>($"SELECT {Columns} FROM admin_users WHERE normalized_email = @normalizedEmail", new { normalizedEmail });

    public Task<string> GetUserIdAsync(AdminUser user, CancellationToken cancellationToken) => Task.FromResult(user.Id);
    public Task<string?> GetUserNameAsync(AdminUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Email);
    public Task SetUserNameAsync(AdminUser user, string? userName, CancellationToken cancellationToken) { user.Email = userName ?? ""; return Task.CompletedTask; }
    public Task<string?> GetNormalizedUserNameAsync(AdminUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.NormalizedEmail);
    public Task SetNormalizedUserNameAsync(AdminUser user, string? normalizedName, CancellationToken cancellationToken) { user.NormalizedEmail = normalizedName ?? ""; return Task.CompletedTask; }

    public Task SetPasswordHashAsync(AdminUser user, string? passwordHash, CancellationToken cancellationToken) { user.PasswordHash = passwordHash; return Task.CompletedTask; }
    public Task<string?> GetPasswordHashAsync(AdminUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash);
    public Task<bool> HasPasswordAsync(AdminUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash is not null);

    public Task SetEmailAsync(AdminUser user, string? email, CancellationToken cancellationToken) { user.Email = email ?? ""; return Task.CompletedTask; }
    public Task<string?> GetEmailAsync(AdminUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Email);
    public Task<bool> GetEmailConfirmedAsync(AdminUser user, CancellationToken cancellationToken) => Task.FromResult(true);
    public Task SetEmailConfirmedAsync(AdminUser user, bool confirmed, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task<string?> GetNormalizedEmailAsync(AdminUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.NormalizedEmail);
    public Task SetNormalizedEmailAsync(AdminUser user, string? normalizedEmail, CancellationToken cancellationToken) { user.NormalizedEmail = normalizedEmail ?? ""; return Task.CompletedTask; }

    public Task SetSecurityStampAsync(AdminUser user, string stamp, CancellationToken cancellationToken) { user.SecurityStamp = stamp; return Task.CompletedTask; }
    public Task<string?> GetSecurityStampAsync(AdminUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.SecurityStamp);

    public Task AddToRoleAsync(AdminUser user, string roleName, CancellationToken cancellationToken) =>
        db.ExecuteAsync("INSERT INTO admin_user_roles (user_id, role) VALUES (@Id, @roleName) ON CONFLICT DO NOTHING", new { user.Id, roleName });

    public Task RemoveFromRoleAsync(AdminUser user, string roleName, CancellationToken cancellationToken) =>
        db.ExecuteAsync("DELETE FROM admin_user_roles WHERE user_id = @Id AND role = @roleName", new { user.Id, roleName });

    public async Task<IList<string>> GetRolesAsync(AdminUser user, CancellationToken cancellationToken) =>
        (await db.QueryAsync<string>("SELECT role FROM admin_user_roles WHERE user_id = @Id ORDER BY role", new { user.Id })).ToList();

    public async Task<bool> IsInRoleAsync(AdminUser user, string roleName, CancellationToken cancellationToken) =>
        (await GetRolesAsync(user, cancellationToken)).Contains(roleName);

    public async Task<IList<AdminUser>> GetUsersInRoleAsync(string roleName, CancellationToken cancellationToken) =>
        (await db.QueryAsync<AdminUser>(
            $"SELECT {Columns} FROM admin_users WHERE id IN (SELECT user_id FROM admin_user_roles WHERE role = @roleName)", new { roleName })).ToList();

    public Task<DateTimeOffset?> GetLockoutEndDateAsync(AdminUser user, CancellationToken cancellationToken) => Task.FromResult(Instant.FromUnixMs(user.LockoutEnd));
    public async Task SetLockoutEndDateAsync(AdminUser user, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken)
    {
        user.LockoutEnd = lockoutEnd?.ToUnixMs();
        await db.ExecuteAsync("UPDATE admin_users SET lockout_end = @LockoutEnd WHERE id = @Id", user);
    }

    public async Task<int> IncrementAccessFailedCountAsync(AdminUser user, CancellationToken cancellationToken) =>
        user.AccessFailedCount = await db.InTransactionAsync(() => db.ExecuteScalarAsync<int>(
            "UPDATE admin_users SET access_failed_count = access_failed_count + 1 WHERE id = @Id RETURNING access_failed_count", user), cancellationToken);

    public async Task ResetAccessFailedCountAsync(AdminUser user, CancellationToken cancellationToken)
    {
        user.AccessFailedCount = 0;
        await db.ExecuteAsync("UPDATE admin_users SET access_failed_count = 0 WHERE id = @Id", user);
    }
    public Task<int> GetAccessFailedCountAsync(AdminUser user, CancellationToken cancellationToken) => Task.FromResult(user.AccessFailedCount);
    public Task<bool> GetLockoutEnabledAsync(AdminUser user, CancellationToken cancellationToken) => Task.FromResult(true);
    public Task SetLockoutEnabledAsync(AdminUser user, bool enabled, CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() { }
}
