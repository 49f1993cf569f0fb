using System.Text;

namespace Porch.Repository.Git.Objects;

/// <summary>A parsed commit. Immutable, so instances are cached by id.</summary>
internal sealed class GitCommit
{
    private IReadOnlyList<GitAnnotation>? _annotations;
    private IReadOnlyList<string>? _invalidAnnotations;

    public GitCommit(string id, string treeId, IReadOnlyList<string> parents, GitSignature author, GitSignature committer, string message)
    {
        Id = id;
        TreeId = treeId;
        Parents = parents;
        Author = author;
        Committer = committer;
        Message = message;
    }

    public string Id { get; }

    public string TreeId { get; }

    public IReadOnlyList<string> Parents { get; }

    public GitSignature Author { get; }

    public GitSignature Committer { get; }

    public string Message { get; }

    /// <summary>Gets the valid <c>kpt:</c> annotations of the message.</summary>
    public IReadOnlyList<GitAnnotation> Annotations
    {
        get
        {
            EnsureAnnotations();
            return _annotations!; // set by EnsureAnnotations
        }
    }

    /// <summary>Gets the <c>kpt:</c> lines that could not be parsed.</summary>
    public IReadOnlyList<string> InvalidAnnotations
    {
        get
        {
            EnsureAnnotations();
            return _invalidAnnotations!; // set by EnsureAnnotations
        }
    }

    public static GitCommit Parse(string id, byte[] data)
    {
        // Header lines are read as bytes; only the values kept and the message are decoded.
        var tree = "";
        var parents = new List<string>(2);
        GitSignature author = default, committer = default;
        var bytes = data.AsSpan();
        var pos = 0;
        while (pos < bytes.Length)
        {
            var end = bytes[pos..].IndexOf((byte)'\n');
            end = end < 0 ? bytes.Length : pos + end;
            var line = bytes[pos..end];
            pos = end + 1;
            if (line.Length == 0)
            {
                break;
            }

            if (line[0] == (byte)' ')
            {
                continue; // continuation of a multi-line header such as gpgsig
            }

            var space = line.IndexOf((byte)' ');
            var key = space < 0 ? line : line[..space];
            var value = space < 0 ? [] : line[(space + 1)..];
            if (key.SequenceEqual("tree"u8))
            {
                tree = Encoding.UTF8.GetString(value);
            }
            else if (key.SequenceEqual("parent"u8))
            {
                parents.Add(Encoding.UTF8.GetString(value));
            }
            else if (key.SequenceEqual("author"u8))
            {
                author = GitSignature.Parse(Encoding.UTF8.GetString(value));
            }
            else if (key.SequenceEqual("committer"u8))
            {
                committer = GitSignature.Parse(Encoding.UTF8.GetString(value));
            }
        }

        var message = pos < bytes.Length ? Encoding.UTF8.GetString(bytes[pos..]) : "";
        return new GitCommit(id, tree, parents, author, committer, message);
    }

    private void EnsureAnnotations()
    {
        if (_annotations is not null)
        {
            return;
        }

        var valid = new List<GitAnnotation>();
        var invalid = new List<string>();
        GitAnnotation.ParseAll(Message, valid, invalid);
        _invalidAnnotations = invalid;
        _annotations = valid;
    }
}
