using Porch.Krm;
using Porch.Krm.Merge;

namespace Porch.Krm.Tests.Merge;

/// <summary>Field-level rules of kyaml's merge3 visitor, on single resources (cases after kyaml's own merge3 tests).</summary>
public sealed class ThreeWayMergeTests
{
    [Fact]
    public void Merge_WorkedExample_LocalEditsSurviveUpstreamWinsConflictsNewKeysAppended()
    {
        var result = Merge(
            original: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  replicas: \"1\"\n  image: nginx:1.0\n",
            updated: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  replicas: \"1\"\n  image: nginx:1.1\n  added: x\n",
            dest: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  replicas: \"3\" # scaled\n  image: nginx:1.0-custom\n");
        Assert.Equal("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  replicas: \"3\" # scaled\n  image: nginx:1.1\n  added: x\n", result);
    }

    [Fact]
    public void Merge_AnnotationRemovedUpstream_LocalOnesKept()
    {
        var result = Merge(
            original: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations:\n    a: b\n",
            updated: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations: {}\n",
            dest: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations:\n    c: d\n    a: b\n");
        Assert.Equal("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations:\n    c: d\n", result);
    }

    [Fact]
    public void Merge_ExplicitNullUpstream_ClearsLocalField()
    {
        var result = Merge(
            original: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: foo\n",
            updated: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: foo\n  annotations: null\n",
            dest: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: foo\n  annotations:\n    a: b\n");
        Assert.Equal("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: foo\n", result);
    }

    [Fact]
    public void Merge_AddedAnnotationMissingLocalMap_CreatesMapWithUpstreamAdditionOnly()
    {
        var result = Merge(
            original: "kind: Deployment\nmetadata:\n  annotations:\n    a: b # ignored because unchanged\n",
            updated: "kind: Deployment\nmetadata:\n  annotations:\n    a: b # ignored because unchanged\n    d: e\n",
            dest: "kind: Deployment\n");
        Assert.Equal("kind: Deployment\nmetadata:\n  annotations:\n    d: e\n", result);
    }

    [Fact]
    public void Merge_ContainersAssociativeByName_ElementsMergedDeletedAndAppended()
    {
        var result = Merge(
            original: Pod("- name: a\n        image: a:1\n      - name: b\n        image: b:1\n"),
            updated: Pod("- name: a\n        image: a:2\n      - name: c\n        image: c:1\n"),
            dest: Pod("- name: local\n        image: l:1\n      - name: a\n        image: a:1\n        args: [x]\n      - name: b\n        image: b:1\n"));
        Assert.Equal(KrmYaml.Format(Pod("- name: local\n        image: l:1\n      - name: a\n        image: a:2\n        args: [x]\n      - image: c:1\n        name: c\n")), result);
    }

    [Fact]
    public void Merge_NonAssociativeList_ReplacedWholeWhenChangedUpstream()
    {
        var result = Merge(
            original: Pod("- name: a\n        args: [one]\n"),
            updated: Pod("- name: a\n        args: [one, two]\n"),
            dest: Pod("- name: a\n        args: [local]\n"));
        Assert.Equal(KrmYaml.Format(Pod("- name: a\n        args: [one, two]\n")), result);
    }

    [Fact]
    public void Merge_FinalizersMergeWithoutKey_SetOfScalars()
    {
        var result = Merge(
            original: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  finalizers:\n  - a\n  - b\n",
            updated: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  finalizers:\n  - a\n  - c\n",
            dest: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  finalizers:\n  - local\n  - a\n  - b\n");
        Assert.Equal("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  finalizers:\n  - local\n  - a\n  - c\n", result);
    }

    [Fact]
    public void Merge_KindMismatch_FailsWithKyamlText()
    {
        var ex = Assert.Throws<PackageMergeException>(() => Merge(
            original: "kind: A\nspec:\n  x: 1\n",
            updated: "kind: A\nspec:\n  x: 2\n",
            dest: "kind: A\nspec:\n  x:\n    y: 1\n"));
        Assert.StartsWith("wrong Node Kind for spec.x expected: MappingNode was ScalarNode", ex.Message, StringComparison.Ordinal);
    }

    private static string Pod(string containers) =>
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n      " + containers;

    private static string Merge(string original, string updated, string dest)
    {
        var merger = new ThreeWayMerge(MergeSchemaSet.BuiltIn, inferAssociativeLists: false);
        var d = KrmYaml.ReadDocument(dest);
        var merged = merger.Merge(d.Root, KrmYaml.ReadDocument(original).Root, KrmYaml.ReadDocument(updated).Root);
        d.Root = merged!;
        return KrmYaml.WriteDocuments([d]);
    }
}
