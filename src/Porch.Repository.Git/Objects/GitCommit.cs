using System.Text;

namespace Porch.Repository.Git.Objects;

/// <summary>A parsed commit. Immutable, so instances are cached by id.</summary>
internal sealed class GitCommit
{
    private IReadOnlyList<GitAnnotation>? _annotations;
    private IReadOnlyList<string>? _invalidAnnotations;

    private readonly byte[]? _data;
    private readonly int _messageStart;
    private string? _message;

    public GitCommit(string id, string treeId, IReadOnlyList<string> parents, GitSignature author, GitSignature committer, string message)
    {
        Id = id;
        TreeId = treeId;
        Parents = parents;
        Author = author;
        Committer = committer;
        _message = message;
    }

    // A parsed commit keeps its encoded bytes: the message is decoded when asked for, and the annotations are read from
    // the bytes (a listing reads every commit's annotations and no message).
    private GitCommit(string id, string treeId, IReadOnlyList<string> parents, GitSignature author, GitSignature committer, byte[] data, int messageStart)
    {
        Id = id;
        TreeId = treeId;
        Parents = parents;
        Author = author;
        Committer = committer;
        _data = data;
        _messageStart = messageStart;
    }

    public string Id { get; }

    public string TreeId { get; }

    public IReadOnlyList<string> Parents { get; }

    public GitSignature Author { get; }

    public GitSignature Committer { get; }

    public string Message => _message ??= Encoding.UTF8.GetString(MessageBytes);

    private ReadOnlySpan<byte> MessageBytes => _data is null ? Encoding.UTF8.GetBytes(_message!) : _data.AsSpan(Math.Min(_messageStart, _data.Length));

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
        ReadOnlySpan<byte> authorText = default;
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
                author = GitSignature.Parse(value);
                authorText = value;
            }
            else if (key.SequenceEqual("committer"u8))
            {
                // Most commits have the same author and committer: parsed once.
                committer = value.SequenceEqual(authorText) && author.Name is not null ? author : GitSignature.Parse(value);
            }
        }

        return new GitCommit(id, tree, parents, author, committer, data, pos);
    }

    private void EnsureAnnotations()
    {
        if (_annotations is not null)
        {
            return;
        }

        var valid = new List<GitAnnotation>();
        var invalid = new List<string>();
        GitAnnotation.ParseAll(MessageBytes, valid, invalid);
        _invalidAnnotations = invalid;
        _annotations = valid;
    }
}
