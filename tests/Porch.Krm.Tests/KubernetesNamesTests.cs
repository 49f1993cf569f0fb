using Porch.Krm;

namespace Porch.Krm.Tests;

public sealed class KubernetesNamesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("my-name")]
    [InlineData("123-abc")]
    public void ValidateDns1123Label_Valid_ReturnsNoErrors(string value)
    {
        Assert.Empty(KubernetesNames.ValidateDns1123Label(value));
    }

    [Fact]
    public void ValidateDns1123Label_TooLongWithTrailingDash_ReturnsBothMessages()
    {
        var errors = KubernetesNames.ValidateDns1123Label(new string('a', 63) + "-");

        Assert.Equal(2, errors.Count);
        Assert.Equal("must be no more than 63 characters", errors[0]);
        Assert.StartsWith("a lowercase RFC 1123 label must consist", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateDns1123Label_TrailingNewline_IsInvalid()
    {
        Assert.False(KubernetesNames.IsDns1123Label("abc\n"));
    }

    [Fact]
    public void ValidateDns1123Subdomain_Invalid_ReturnsKubernetesMessage()
    {
        var errors = KubernetesNames.ValidateDns1123Subdomain("a..b");

        Assert.Equal(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            Assert.Single(errors));
        Assert.True(KubernetesNames.IsDns1123Subdomain("blueprints.network.vpc.ws1"));
    }
}
