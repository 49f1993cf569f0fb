using Porch.Krm;

namespace Porch.Krm.Tests;

public sealed class PackagePathTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("porch-path-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("Kptfile")]
    [InlineData("deploy/service.yaml")]
    [InlineData("sub/pkg/Kptfile")]
    [InlineData(".hidden/file")]
    [InlineData(".gitignore")]
    [InlineData("sub/.github/workflow.yaml")]
    [InlineData("a.git/b")]
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
    [InlineData(".git/config", "resource path \".git/config\" contains a '.git' segment")]
    [InlineData("sub/.git/hooks/pre-commit", "resource path \"sub/.git/hooks/pre-commit\" contains a '.git' segment")]
    [InlineData("sub/.git", "resource path \"sub/.git\" contains a '.git' segment")]
    [InlineData(".GIT/config", "resource path \".GIT/config\" contains a '.git' segment")]
    [InlineData(".git./config", "resource path \".git./config\" contains a '.git' segment")]
    [InlineData(".git /config", "resource path \".git /config\" contains a '.git' segment")]
    [InlineData("git~1/config", "resource path \"git~1/config\" contains a '.git' segment")]
    [InlineData(".g\u200cit/config", "resource path \".g\u200cit/config\" contains a '.git' segment")]
    [InlineData("/", "resource path \"/\" must be relative")]
    [InlineData("..", "resource path \"..\" contains a '..' segment")]
    [InlineData("a/b\\..\\..\\c", "resource path \"a/b\\..\\..\\c\" contains a backslash")]
    public void Validate_BadPath_ThrowsNamingThePath(string path, string message)
    {
        var ex = Assert.Throws<PackagePathException>(() => PackagePath.Validate(path));

        Assert.Equal(message, ex.Message);
        Assert.Equal(path, ex.Path);
        Assert.IsAssignableFrom<KrmException>(ex);
        Assert.False(PackagePath.IsValid(path));
    }

    [Theory]
    [InlineData("Kptfile/x.yaml", "Kptfile", "resource path \"Kptfile/x.yaml\" is inside \"Kptfile\", which is a file")]
    [InlineData("a/b/c.yaml", "a/b", "resource path \"a/b/c.yaml\" is inside \"a/b\", which is a file")]
    [InlineData("a/b", "a/b/c/d.yaml", "resource path \"a/b/c/d.yaml\" is inside \"a/b\", which is a file")]
    public void ValidateAll_FileFolderConflict_ThrowsNamingBothPaths(string first, string second, string message)
    {
        foreach (var paths in new[] { new[] { first, second }, new[] { second, first } })
        {
            var ex = Assert.Throws<PackagePathException>(() => PackagePath.ValidateAll(paths));

            Assert.Equal(message, ex.Message);
            Assert.IsAssignableFrom<KrmException>(ex);
        }
    }

    [Fact]
    public void ValidateAll_SiblingsAndSimilarNames_AreAccepted()
    {
        PackagePath.ValidateAll(["Kptfile", "Kptfile.yaml", "Kptfile-x/a.yaml", "sub/Kptfile", "sub/a.yaml", "a.b/c", "a/b"]);
    }

    [Fact]
    public void ValidateAll_InvalidSinglePath_ThrowsItsOwnError()
    {
        var ex = Assert.Throws<PackagePathException>(() => PackagePath.ValidateAll(["Kptfile", "x/.git/config"]));

        Assert.Equal("resource path \"x/.git/config\" contains a '.git' segment", ex.Message);
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
