namespace Porch.Repository.Git.Objects;

/// <summary>One entry of a tree: mode as git writes it (<c>100644</c>, <c>100755</c>, <c>120000</c>, <c>40000</c>, <c>160000</c>), name and object id.</summary>
internal readonly record struct TreeEntry(string Mode, string Name, string Id)
{
    public const string DirectoryMode = "40000";
    public const string FileMode = "100644";

    public bool IsTree => Mode == DirectoryMode;

    public bool IsRegularFile => Mode is "100644" or "100755" or "100664";
}
