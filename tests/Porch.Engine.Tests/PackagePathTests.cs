using Porch.Engine.Errors;

namespace Porch.Engine.Tests;

public sealed class PackagePathTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("porch-path-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("Kptfile")]
    [InlineData("deploy/service.yaml")]
    [InlineData("sub/pkg/Kptfile")]
    [InlineData(".hidden/file")]
    [InlineData("a..b/c")]
    public void Validate_GoodPath_ReturnsIt(string path)
    {
        Assert.Equal(path, PackagePath.Validate(path));
        Assert.True(PackagePath.IsValid(path));
    }

    [Theory]
    [InlineData("", "resource path must not be empty")]
    [InlineData("../x", "resource path \"../x\" contains a '..' segment")]
    [InlineData("a/../../x", "resource path \"a/../../x\" contains a '..' segment")]
    [InlineData("a/..", "resource path \"a/..\" contains a '..' segment")]
    [InlineData("/etc/passwd", "resource path \"/etc/passwd\" must be relative")]
    [InlineData("C:/x", "resource path \"C:/x\" must not start with a drive letter")]
    [InlineData("a\\b", "resource path \"a\\b\" contains a backslash")]
    [InlineData("a\0b", "resource path \"a\\u0000b\" contains a control character")]
    [InlineData("a\nb", "resource path \"a\\u000ab\" contains a control character")]
    [InlineData("a//b", "resource path \"a//b\" contains an empty segment")]
    [InlineData("a/", "resource path \"a/\" contains an empty segment")]
    [InlineData("./a", "resource path \"./a\" contains a '.' segment")]
    [InlineData("a/./b", "resource path \"a/./b\" contains a '.' segment")]
    public void Validate_BadPath_ThrowsNamingThePath(string path, string message)
    {
        var ex = Assert.Throws<PackagePathException>(() => PackagePath.Validate(path));

        Assert.Equal(message, ex.Message);
        Assert.Equal(path, ex.Path);
        Assert.Equal(PorchErrorCode.BadRequest, ex.ErrorCode);
        Assert.False(PackagePath.IsValid(path));
    }

    [Fact]
    public void Combine_GoodPath_ResolvesUnderRoot()
    {
        var full = PackagePath.Combine(_root, "deploy/service.yaml");

        Assert.Equal(Path.Combine(_root, "deploy", "service.yaml"), full);
    }

    [Fact]
    public void Combine_DotDot_Throws()
    {
        Assert.Throws<PackagePathException>(() => PackagePath.Combine(_root, "../outside"));
    }

    [Fact]
    public void Combine_SymlinkedDirectoryEscapingRoot_Throws()
    {
        var outside = Directory.CreateTempSubdirectory("porch-outside-").FullName;
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(_root, "link"), outside);

            var ex = Assert.Throws<PackagePathException>(() => PackagePath.Combine(_root, "link/secret.yaml"));

            Assert.Equal("resource path \"link/secret.yaml\" passes through a symbolic link", ex.Message);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public void Combine_SymlinkedFile_Throws()
    {
        var target = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName());
        File.WriteAllText(target, "x");
        try
        {
            File.CreateSymbolicLink(Path.Combine(_root, "file.yaml"), target);

            Assert.Throws<PackagePathException>(() => PackagePath.Combine(_root, "file.yaml"));
        }
        finally
        {
            File.Delete(target);
        }
    }

    [Fact]
    public void Combine_ExistingRealDirectory_IsAllowed()
    {
        Directory.CreateDirectory(Path.Combine(_root, "real"));

        Assert.Equal(Path.Combine(_root, "real", "x.yaml"), PackagePath.Combine(_root, "real/x.yaml"));
    }
}
