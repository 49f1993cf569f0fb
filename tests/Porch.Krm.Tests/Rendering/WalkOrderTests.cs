using Porch.Krm.Rendering;

namespace Porch.Krm.Tests.Rendering;

/// <summary>
/// The order in which kpt's directory walk (Go's <c>filepath.Walk</c>: each folder's names sorted by bytes) meets a
/// package's files: segment by segment, so a folder's files come before a sibling whose name sorts between the
/// folder's name and its name followed by a slash.
/// </summary>
public sealed class WalkOrderTests
{
    [Theory]
    [InlineData("a/b.yaml", "a-b.yaml")]
    [InlineData("a/z.yaml", "a.yaml")]
    [InlineData("a.yaml", "b/a.yaml")]
    [InlineData("Kptfile", "a.yaml")]
    [InlineData("sub/Kptfile", "sub/a.yaml")]
    [InlineData("x", "x/y")]
    [InlineData("x/", "x/y")]
    [InlineData("a/b/c.yaml", "a/b-c/a.yaml")]
    public void Compare_FirstIsWalkedFirst(string first, string second)
    {
        Assert.True(PackageTree.WalkOrder.Instance.Compare(first, second) < 0);
        Assert.True(PackageTree.WalkOrder.Instance.Compare(second, first) > 0);
    }

    [Theory]
    [InlineData("a/b.yaml")]
    [InlineData("")]
    [InlineData("a//b")]
    public void Compare_SamePath_IsZero(string path) =>
        Assert.Equal(0, PackageTree.WalkOrder.Instance.Compare(path, new string(path.AsSpan())));

    /// <summary>Sorting by the walk order gives what sorting the split segments gives, over many shapes of path.</summary>
    [Fact]
    public void Sort_AgreesWithSegmentBySegmentOrder()
    {
        var names = new[] { "", "a", "a-b", "a.yaml", "a/", "b", "B", "é", "Kptfile", "z" };
        var paths = new List<string>();
        foreach (var x in names)
        {
            paths.Add(x);
            foreach (var y in names)
            {
                paths.Add(x + "/" + y);
                paths.Add(x + "/" + y + "/" + x);
            }
        }

        var expected = paths.OrderBy(p => p, Comparer<string>.Create(BySegments)).ToList();
        var actual = paths.OrderBy(p => p, PackageTree.WalkOrder.Instance).ToList();

        Assert.Equal(expected, actual);
    }

    private static int BySegments(string? x, string? y)
    {
        var a = x!.Split('/');
        var b = y!.Split('/');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var c = string.CompareOrdinal(a[i], b[i]);
            if (c != 0)
            {
                return Math.Sign(c);
            }
        }

        return a.Length.CompareTo(b.Length);
    }
}
