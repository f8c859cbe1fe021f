using Shop.Members.Models;
using Shop.Members.Services;

namespace Shop.Members.Tests;

public class MemberRulesTests
{
    [Theory]
    [InlineData("13812345678", "13812345678")]
    [InlineData("138 1234 5678", "13812345678")]
    [InlineData("+86 138-1234-5678", "13812345678")]
    [InlineData("8613812345678", "13812345678")]
    [InlineData("12812345678", null)] // no 12x mobile range
    [InlineData("1381234567", null)]
    [InlineData("", null)]
    public void Phones_normalise_to_eleven_mainland_digits(string input, string? expected) =>
        Assert.Equal(expected, MemberRules.NormalizePhone(input));

    [Fact]
    public void Every_invalid_field_is_reported_with_its_input_name()
    {
        var errors = MemberRules.Validate(new MemberInput(" ", "123", "1990-13-01", "robot", new string('x', 51), null), creating: true);

        Assert.Equal(["displayName", "displayName", "phone", "birthday", "gender", "city"], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Equal("VALIDATION", e.Code));
    }

    [Fact]
    public void Updates_may_leave_every_field_out()
    {
        Assert.Empty(MemberRules.Validate(new MemberInput(null, null, null, null, null, null), creating: false));
    }
}
