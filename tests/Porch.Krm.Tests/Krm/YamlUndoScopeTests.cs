using Porch.Krm;

namespace Porch.Krm.Tests.Krm;

/// <summary>What <see cref="YamlUndoScope"/> records and puts back.</summary>
public sealed class YamlUndoScopeTests
{
    private const string Text = """
        # document head
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: cm # name comment
          annotations:
            a: '1'
        data: &data
          # key head
          k1: !!str v1
          k2: {x: 1, y: 2}
        items:
        - one
        - two
        alias: *data
        """;

    private static YamlDocument Read() => KrmYaml.ReadDocument(Text + "\n", "cm.yaml");

    private static string Write(YamlDocument doc) => KrmYaml.WriteDocuments([doc]);

    /// <summary>Every setter and every change of a children list, on scalars, mappings, sequences and the document.</summary>
    private static void ChangeEverything(YamlDocument doc)
    {
        var root = doc.Root;
        var metadata = root.Get("metadata")!;
        var name = metadata.Get("name")!;
        name.Value = "other";
        name.Style = YamlScalarStyle.DoubleQuoted;
        name.LineComment = null;
        name.HeadComment = "# new head";
        name.FootComment = "# new foot";
        metadata.Get("annotations")!.Set("b", YamlNode.String("2"));
        metadata.Remove("annotations");
        var data = root.Get("data")!;
        data.Anchor = "renamed";
        data.Get("k1")!.Tag = null;
        data.GetKeyNode("k1")!.HeadComment = null;
        data.Get("k2")!.IsFlow = false;
        data.Get("k2")!.Children.Clear();
        var items = root.Get("items")!;
        items.Add(YamlNode.String("three"));
        items.Children.Insert(0, YamlNode.String("zero"));
        items.Children[1] = YamlNode.String("uno");
        items.Children.RemoveAt(2);
        items.Children.Remove(items.Children[0]);
        root.Set("kind", YamlNode.String("Secret"));
        root.GetOrAddMapping("spec").SetString("x", "y");
        doc.HeadComment = null;
        doc.FootComment = "# foot";
        doc.SequenceIndent = SequenceIndentStyle.Wide;
        doc.Root = YamlNode.Mapping();
    }

    [Fact]
    public void Undo_EveryKindOfChange_DocumentWritesAsBefore()
    {
        var doc = Read();
        var before = Write(doc);
        var root = doc.Root;
        var items = root.Get("items")!.Children;

        using (var scope = YamlUndoScope.Begin())
        {
            ChangeEverything(doc);
            Assert.NotEqual(before, Write(doc));
            Assert.True(scope.ChangedNodes > 0);

            scope.Undo();
            Assert.Equal(0, scope.ChangedNodes);
        }

        Assert.Equal(before, Write(doc));
        Assert.Same(root, doc.Root);
        Assert.Same(items, doc.Root.Get("items")!.Children);
    }

    [Fact]
    public void Undo_NodeChangedManyTimes_ItsFirstStateComesBack()
    {
        var doc = Read();
        var name = doc.Root.Get("metadata")!.Get("name")!;
        using var scope = YamlUndoScope.Begin();
        for (var i = 0; i < 5; i++)
        {
            name.Value = "v" + i;
        }

        scope.Undo();

        Assert.Equal("cm", name.Value);
        Assert.Equal(0, scope.ChangedNodes);
    }

    [Fact]
    public void Dispose_KeepsTheChanges()
    {
        var doc = Read();
        using (YamlUndoScope.Begin())
        {
            doc.Root.Set("kind", YamlNode.String("Secret"));
        }

        Assert.Equal("Secret", doc.Root.Get("kind")!.Value);
    }

    [Fact]
    public void NoScope_ChangesAreNotRecorded_AndAScopeOpenedLaterUndoesOnlyWhatCameAfter()
    {
        var doc = Read();
        doc.Root.Set("kind", YamlNode.String("Secret"));
        var after = Write(doc);
        using var scope = YamlUndoScope.Begin();
        ChangeEverything(doc);

        scope.Undo();

        Assert.Equal(after, Write(doc));
    }

    [Fact]
    public void Nested_InnerDisposed_OuterUndoAlsoUndoesTheInnerChanges()
    {
        var doc = Read();
        var before = Write(doc);
        using var outer = YamlUndoScope.Begin();
        doc.Root.Get("metadata")!.Get("name")!.Value = "outer";
        using (YamlUndoScope.Begin())
        {
            doc.Root.Get("metadata")!.Get("name")!.Value = "inner";
            doc.Root.Get("items")!.Add(YamlNode.String("inner"));
        }

        outer.Undo();

        Assert.Equal(before, Write(doc));
    }

    [Fact]
    public void Nested_InnerUndone_OnlyTheInnerChangesGo_OuterStillUndoesItsOwn()
    {
        var doc = Read();
        var before = Write(doc);
        var name = doc.Root.Get("metadata")!.Get("name")!;
        using var outer = YamlUndoScope.Begin();
        name.Value = "outer";
        using (var inner = YamlUndoScope.Begin())
        {
            name.Value = "inner";
            doc.Root.Get("items")!.Add(YamlNode.String("inner"));
            inner.Undo();
        }

        Assert.Equal("outer", name.Value);
        Assert.Equal(2, doc.Root.Get("items")!.Count);

        outer.Undo();
        Assert.Equal(before, Write(doc));
    }

    [Fact]
    public void Dispose_OuterWhileInnerIsOpen_Refused()
    {
        var outer = YamlUndoScope.Begin();
        var inner = YamlUndoScope.Begin();

        Assert.Throws<InvalidOperationException>(outer.Dispose);

        inner.Dispose();
        outer.Dispose();
    }

    [Fact]
    public void Undo_AfterDispose_Refused()
    {
        var scope = YamlUndoScope.Begin();
        scope.Dispose();

        Assert.Throws<ObjectDisposedException>(scope.Undo);
    }

    [Fact]
    public void ChangesOnAnotherThread_NotRecorded_AndTheScopeIsUsedOnItsOwnThreadOnly()
    {
        var doc = Read();
        var name = doc.Root.Get("metadata")!.Get("name")!;
        var scope = YamlUndoScope.Begin();
        try
        {
            Exception? refused = null;
            var other = new Thread(() =>
            {
                name.Value = "from another thread";
                try
                {
                    scope.Undo();
                }
                catch (InvalidOperationException ex)
                {
                    refused = ex;
                }
            });
            other.Start();
            other.Join();

            Assert.NotNull(refused);
            scope.Undo();
            Assert.Equal("from another thread", name.Value);
        }
        finally
        {
            scope.Dispose();
        }
    }

    [Fact]
    public void Children_ChangedDuringEnumeration_Throws()
    {
        var items = Read().Root.Get("items")!;

        Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var item in items.Children)
            {
                items.Add(YamlNode.String("more"));
            }
        });
    }

    [Fact]
    public void Clone_InsideAScope_MakingItRecordsNothing_ChangingItRecordsTheChangedNode()
    {
        var doc = Read();
        using var scope = YamlUndoScope.Begin();
        var copy = doc.Root.Clone();
        Assert.Equal(0, scope.ChangedNodes);
        copy.Get("metadata")!.Get("name")!.Value = "copy";
        var recordedForCopy = scope.ChangedNodes;

        Assert.Equal(1, recordedForCopy);
        scope.Undo();
        Assert.Equal("cm", copy.Get("metadata")!.Get("name")!.Value);
        Assert.Equal("cm", doc.Root.Get("metadata")!.Get("name")!.Value);
    }

    /// <summary>Scopes share their 255 node marks: a node still carrying an old scope's mark is recorded by a new scope with the same mark.</summary>
    [Fact]
    public void ManyScopes_MarksRepeat_EveryScopeStillRecordsAndUndoes()
    {
        var doc = Read();
        var name = doc.Root.Get("metadata")!.Get("name")!;
        var kind = doc.Root.Get("kind")!;
        for (var i = 0; i < 600; i++)
        {
            using (YamlUndoScope.Begin())
            {
                kind.Value = "Kept" + i;
            }

            using var scope = YamlUndoScope.Begin();
            name.Value = "changed" + i;
            kind.Value = "Changed" + i;
            Assert.Equal(2, scope.ChangedNodes);
            scope.Undo();
            Assert.Equal("cm", name.Value);
            Assert.Equal("Kept" + i, kind.Value);
        }
    }

    /// <summary>A released scope's records serve the next scope on the thread: it starts empty and the released one answers nothing.</summary>
    [Fact]
    public void Release_NextScopeReusesTheRecordsEmptied_ReleasedScopeAnswersNothing()
    {
        var doc = Read();
        var name = doc.Root.Get("metadata")!.Get("name")!;
        var kind = doc.Root.Get("kind")!;
        var first = YamlUndoScope.Begin();
        name.Value = "changed";
        first.Dispose();
        Assert.Equal(1, first.ChangedNodes);
        Assert.True(first.Changed(name));

        first.Release();

        Assert.Equal(0, first.ChangedNodes);
        Assert.False(first.Changed(name));
        Assert.False(first.TryGetFirstState(name, out _));
        using var second = YamlUndoScope.Begin();
        Assert.Equal(0, second.ChangedNodes);
        kind.Value = "Secret";
        Assert.False(first.Changed(kind));
        Assert.Equal(1, second.ChangedNodes);
        second.Undo();
        Assert.Equal("ConfigMap", kind.Value);
        Assert.Equal("changed", name.Value);
    }

    /// <summary>An open scope is not released: its records stay its own.</summary>
    [Fact]
    public void Release_OpenScope_KeepsItsRecords()
    {
        var doc = Read();
        var name = doc.Root.Get("metadata")!.Get("name")!;
        using var scope = YamlUndoScope.Begin();
        name.Value = "changed";

        scope.Release();

        Assert.True(scope.Changed(name));
        scope.Undo();
        Assert.Equal("cm", name.Value);
    }
}
