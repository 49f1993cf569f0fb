using Porch.Krm.Rendering;

namespace Porch.Krm.Tests.Rendering;

/// <summary>Go's <c>path.Clean</c> (its own test vectors), which kpt applies to path annotations.</summary>
public sealed class PathTextTests
{
    [Theory]
    [InlineData("", ".")]
    [InlineData("abc", "abc")]
    [InlineData("abc/def", "abc/def")]
    [InlineData("a/b/c", "a/b/c")]
    [InlineData(".", ".")]
    [InlineData("..", "..")]
    [InlineData("../..", "../..")]
    [InlineData("../../abc", "../../abc")]
    [InlineData("/abc", "/abc")]
    [InlineData("/", "/")]
    [InlineData("abc/", "abc")]
    [InlineData("a/b/c/", "a/b/c")]
    [InlineData("../../abc/", "../../abc")]
    [InlineData("abc//def//ghi", "abc/def/ghi")]
    [InlineData("//abc", "/abc")]
    [InlineData("abc/./def", "abc/def")]
    [InlineData("/./abc/def", "/abc/def")]
    [InlineData("abc/.", "abc")]
    [InlineData("abc/def/ghi/../jkl", "abc/def/jkl")]
    [InlineData("abc/def/../ghi/../jkl", "abc/jkl")]
    [InlineData("abc/def/..", "abc")]
    [InlineData("abc/def/../..", ".")]
    [InlineData("/abc/def/../..", "/")]
    [InlineData("abc/def/../../..", "..")]
    [InlineData("/abc/def/../../..", "/")]
    [InlineData("abc/def/../../../ghi/jkl/../../../mno", "../../mno")]
    [InlineData("abc/./../def", "def")]
    [InlineData("abc//./../def", "def")]
    [InlineData("abc/../../././../def", "../../def")]
    [InlineData("a..b/c.d/.e", "a..b/c.d/.e")]
    public void Clean_GoPathCleanVectors(string path, string cleaned) => Assert.Equal(cleaned, PathText.Clean(path));
}
