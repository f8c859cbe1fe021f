using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Auth;
using Shop.Testing;

namespace Shop.Web.Tests;

/// <summary>Staff lockout counts every wrong password, however many arrive at once, and a stale copy of an account writes nothing back.</summary>
public sealed class AdminLockoutTests : IDisposable
{
    private const string Password = "Staff-password-1";
    private readonly ShopAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<string> NewStaffAsync(string email)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var user = new AdminUser { Email = email, DisplayName = "Night shift" };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        return email;
    }

    private async Task<SignInResult> CheckAsync(string email, string password)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<AdminUser>>();
        return await signIn.CheckPasswordSignInAsync((await users.FindByEmailAsync(email))!, password, lockoutOnFailure: true);
    }

    [Fact]
    public async Task Ten_wrong_passwords_at_once_lock_the_account_as_ten_in_a_row_do()
    {
        var email = await NewStaffAsync("race@shop.test");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => CheckAsync(email, "wrong"))));
        var right = await CheckAsync(email, Password);

        Assert.All(attempts, a => Assert.False(a.Succeeded));
        Assert.True(right.IsLockedOut);
    }

    [Fact]
    public async Task Ten_wrong_passwords_one_after_another_lock_and_nine_do_not()
    {
        var nine = await NewStaffAsync("nine@shop.test");
        var ten = await NewStaffAsync("ten@shop.test");

        for (var i = 0; i < 9; i++) await CheckAsync(nine, "wrong");
        for (var i = 0; i < 10; i++) await CheckAsync(ten, "wrong");

        Assert.True((await CheckAsync(nine, Password)).Succeeded);
        Assert.True((await CheckAsync(ten, Password)).IsLockedOut);
    }

    [Fact]
    public async Task A_copy_read_before_a_password_change_cannot_write_the_old_password_back()
    {
        var email = await NewStaffAsync("stale@shop.test");
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var stale = (await users.FindByEmailAsync(email))!;
        await using (var other = _app.Services.CreateAsyncScope())
        {
            var otherUsers = other.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
            var fresh = (await otherUsers.FindByEmailAsync(email))!;
            Assert.True((await otherUsers.ChangePasswordAsync(fresh, Password, "Changed-password-2")).Succeeded);
        }

        stale.DisplayName = "Stale edit";
        var written = await users.UpdateAsync(stale);

        Assert.False(written.Succeeded);
        Assert.Equal("ConcurrencyFailure", Assert.Single(written.Errors).Code);
        Assert.True((await CheckAsync(email, "Changed-password-2")).Succeeded);
        Assert.False((await CheckAsync(email, Password)).Succeeded);
    }
}
