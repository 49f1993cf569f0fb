namespace Porch.Krm;

/// <summary>
/// Records, while it is open, the state every <see cref="YamlNode"/> and <see cref="YamlDocument"/> had before its
/// first change on the thread that opened it, so that <see cref="Undo"/> can put all of them back. A function run in
/// place on a package's own objects (<see cref="Functions.IInPlaceFunctionRunner"/>) leaves them as they were when it
/// fails, without copying the package first.
/// </summary>
/// <remarks>
/// Only changes made on the opening thread are recorded. A scope opened inside another hands what it recorded to the
/// outer one when it is disposed, so undoing the outer scope also undoes what happened inside the inner one.
/// </remarks>
public sealed class YamlUndoScope : IDisposable
{
    [ThreadStatic]
    private static YamlUndoScope? t_current;

    /// <summary>The number of scopes open on any thread: while none is, a change costs one read of this field.</summary>
    private static int s_open;

    /// <summary>The last scope number given out (marks only speed up "not recorded here"; the dictionary decides).</summary>
    private static int s_lastId;

    /// <summary>The records of a scope released on this thread, kept (emptied) for the next scope opened here.</summary>
    [ThreadStatic]
    private static RecordSet? t_spare;

    private readonly YamlUndoScope? _outer;
    private readonly int _threadId;

    /// <summary>Where this scope records, or null once <see cref="Release"/> gave the records back (the scope then answers nothing).</summary>
    private RecordSet? _records;

    /// <summary>This scope's node mark, 1 to 255: scopes share marks, so a node carrying this one may still be another's.</summary>
    private readonly byte _id;
    private bool _disposed;

    /// <summary>Whether this scope's nodes were handed to an outer scope (and marked with its id).</summary>
    private bool _merged;

    private YamlUndoScope(YamlUndoScope? outer)
    {
        _outer = outer;
        _threadId = Environment.CurrentManagedThreadId;
        _records = t_spare ?? new RecordSet();
        t_spare = null;
        _id = (byte)(((uint)Interlocked.Increment(ref s_lastId) % 255) + 1);
    }

    /// <summary>The records of a scope not yet released (every scope that is open, undone or recording is one).</summary>
    private RecordSet Records => _records ?? throw new ObjectDisposedException(nameof(YamlUndoScope), "The scope's records were released.");

    /// <summary>Gets the number of nodes whose first state this scope holds.</summary>
    public int ChangedNodes => _records?.Nodes.Count ?? 0;

    internal static bool AnyOpen => Volatile.Read(ref s_open) != 0;

    /// <summary>Opens a scope on the current thread.</summary>
    /// <returns>The scope; dispose it on the same thread.</returns>
    public static YamlUndoScope Begin()
    {
        var scope = new YamlUndoScope(t_current);
        t_current = scope;
        Interlocked.Increment(ref s_open);
        return scope;
    }

    /// <summary>Puts every node and document changed since the scope opened back as it was, and forgets the changes.</summary>
    /// <exception cref="ObjectDisposedException">The scope was disposed.</exception>
    /// <exception cref="InvalidOperationException">Called on another thread than the one that opened the scope.</exception>
    public void Undo()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        RequireOwnThread();

        // Restoring must not record itself: the scope stops listening while it writes.
        t_current = null;
        try
        {
            for (var i = Records.Nodes.Count - 1; i >= 0; i--)
            {
                Records.Nodes[i].Restore();
            }

            for (var i = Records.Documents.Count - 1; i >= 0; i--)
            {
                Records.Documents[i].Restore();
            }
        }
        finally
        {
            t_current = this;
        }

        Records.Clear();
    }

    /// <summary>
    /// Gets the state <paramref name="node"/> had when the scope opened, or false when it has not changed since.
    /// </summary>
    internal bool TryGetFirstState(YamlNode node, out YamlNode.State state)
    {
        if (_records is { } records && records.Nodes.Count != 0 && (node.UndoMark == _id || _merged) && records.NodeIndex.TryGetValue(node, out var i))
        {
            state = records.Nodes[i];
            return true;
        }

        state = default;
        return false;
    }

    /// <summary>The root <paramref name="document"/> had when the scope opened.</summary>
    internal YamlNode FirstRoot(YamlDocument document) =>
        _records is { } records && records.DocumentIndex.TryGetValue(document, out var i) ? records.Documents[i].Root : document.Root;

    /// <summary>Whether <paramref name="node"/> changed since the scope opened.</summary>
    internal bool Changed(YamlNode node) =>
        _records is { } records && records.Nodes.Count != 0 && (node.UndoMark == _id || _merged) && records.NodeIndex.ContainsKey(node);

    /// <summary>Stops recording; the changes stay (and pass to an enclosing scope).</summary>
    /// <exception cref="InvalidOperationException">Called on another thread than the one that opened the scope, or before an inner scope was disposed.</exception>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        RequireOwnThread();
        if (!ReferenceEquals(t_current, this))
        {
            throw new InvalidOperationException("A YAML undo scope opened inside this one is still open.");
        }

        _disposed = true;
        t_current = _outer;
        Interlocked.Decrement(ref s_open);
        if (_outer is not null)
        {
            // The outer scope had not seen a node this one recorded first, so this one's first state is the outer's too.
            foreach (var state in Records.Nodes)
            {
                _outer.Record(state);
                state.Node.UndoMark = _outer._id;
            }

            _merged = true;

            foreach (var state in Records.Documents)
            {
                _outer.Record(state);
            }
        }
    }

    /// <summary>
    /// Forgets what the (disposed) scope recorded and keeps its emptied records for the next scope opened on this
    /// thread, so a scope per function call does not allocate its indexes again. The scope answers nothing afterwards.
    /// </summary>
    internal void Release()
    {
        if (!_disposed || _records is not { } records || Environment.CurrentManagedThreadId != _threadId)
        {
            return;
        }

        _records = null;
        _merged = false;
        var keep = records.Nodes.Capacity <= RecordSet.KeptCapacity && records.Documents.Capacity <= RecordSet.KeptCapacity;
        records.Clear();
        if (keep)
        {
            t_spare = records;
        }
    }

    /// <summary>Called before <paramref name="node"/> changes.</summary>
    internal static void Changing(YamlNode node)
    {
        if (t_current is { } scope && (node.UndoMark != scope._id || !scope.Records.NodeIndex.ContainsKey(node)))
        {
            node.UndoMark = scope._id;
            scope.Record(node.Capture());
        }
    }

    /// <summary>Called before <paramref name="document"/> changes.</summary>
    internal static void Changing(YamlDocument document)
    {
        if (t_current is { } scope && !scope.Records.DocumentIndex.ContainsKey(document))
        {
            scope.Record(document.Capture());
        }
    }

    private void Record(YamlNode.State state)
    {
        if (Records.NodeIndex.TryAdd(state.Node, Records.Nodes.Count))
        {
            Records.Nodes.Add(state);
        }
    }

    private void Record(YamlDocument.State state)
    {
        if (Records.DocumentIndex.TryAdd(state.Document, Records.Documents.Count))
        {
            Records.Documents.Add(state);
        }
    }

    /// <summary>The indexes and first states a scope records into (reused after <see cref="Release"/>).</summary>
    private sealed class RecordSet
    {
        /// <summary>Records grown past this many entries are not kept for reuse.</summary>
        public const int KeptCapacity = 1 << 16;

        public Dictionary<YamlNode, int> NodeIndex { get; } = new(ReferenceEqualityComparer.Instance);

        public List<YamlNode.State> Nodes { get; } = [];

        public Dictionary<YamlDocument, int> DocumentIndex { get; } = new(ReferenceEqualityComparer.Instance);

        public List<YamlDocument.State> Documents { get; } = [];

        public void Clear()
        {
            NodeIndex.Clear();
            Nodes.Clear();
            DocumentIndex.Clear();
            Documents.Clear();
        }
    }

    private void RequireOwnThread()
    {
        if (Environment.CurrentManagedThreadId != _threadId)
        {
            throw new InvalidOperationException("A YAML undo scope is used on the thread that opened it.");
        }
    }
}
