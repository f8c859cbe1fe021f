using Microsoft.Extensions.Configuration;
using Shop.Framework.Hosting;
using Shop.Members.Services;

namespace Shop.Members.Tests;

/// <summary>Mini-program settings that would fail every login are refused when the host starts.</summary>
public class MiniProgramOptionsTests
{
    private static MiniProgramOptions From(params (string Key, string Value)[] values) =>
        MiniProgramOptions.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("Shop:Members:MiniProgram:" + v.Key, v.Value)))
            .Build());

    [Theory]
    [InlineData("Timeout", "00:00:00", "Timeout must be more than")]
    [InlineData("Timeout", "-00:00:05", "Timeout must be more than")]
    [InlineData("Timeout", "00:05:00", "Timeout must be more than")]
    [InlineData("Endpoint", "not a url", "Endpoint must be an absolute http(s) URL")]
    [InlineData("Endpoint", "ftp://example.com/jscode2session", "Endpoint must be an absolute http(s) URL")]
    public void Settings_that_would_fail_every_login_are_refused(string key, string value, string message) =>
        Assert.Contains(message, Assert.Throws<ShopConfigurationException>(() => From((key, value))).Message);

    [Fact]
    public void The_defaults_and_a_local_test_endpoint_are_accepted()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), From().Timeout);
        Assert.Equal("http://127.0.0.1:5099/sns", From(("Endpoint", "http://127.0.0.1:5099/sns"), ("Timeout", "00:00:02")).Endpoint);
    }
}
