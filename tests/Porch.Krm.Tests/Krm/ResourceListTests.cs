using Porch.Krm;

namespace Porch.Krm.Tests.Krm;

public sealed class ResourceListTests
{
    [Fact]
    public void ToYaml_PackageResources_WritesKptEnvelopeWithReaderAnnotations()
    {
        var files = new Dictionary<string, string> { ["app.yaml"] = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n" };
        var list = new ResourceList();
        foreach (var r in PackageResources.Read(files).Resources)
        {
            list.Items.Add(r);
        }

        list.FunctionConfig = KubeObject.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: function-input\ndata:\n  namespace: prod\n");
        var expected = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web\n    annotations:\n      config.kubernetes.io/index: '0'\n      config.kubernetes.io/path: 'app.yaml'\n      internal.config.kubernetes.io/index: '0'\n      internal.config.kubernetes.io/path: 'app.yaml'\n      internal.config.kubernetes.io/seqindent: 'compact'\n  spec:\n    replicas: 1\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: function-input\n  data:\n    namespace: prod\n";
        Assert.Equal(expected, list.ToYaml());
    }

    [Fact]
    public void Parse_FunctionOutput_ReadsItemsResultsAndLegacyShapes()
    {
        var text = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c\nresults:\n  items:\n  - message: bad\n    severity: error\n    resourceRef:\n      apiVersion: v1\n      kind: ConfigMap\n      metadata:\n        name: c\n    field:\n      path: data.x\n      suggestedValue: y\n";
        var list = ResourceList.Parse(text);
        Assert.Single(list.Items);
        Assert.Equal("c", list.Items[0].Name);
        var r = Assert.Single(list.Results);
        Assert.Equal(("bad", "error", "c", "data.x", "y"), (r.Message, r.Severity, r.ResourceName, r.FieldPath, r.FieldProposedValue));
    }

    [Fact]
    public void Parse_NotAResourceList_ThrowsNamingKinds()
    {
        var ex = Assert.Throws<KrmYamlException>(() => ResourceList.Parse("apiVersion: v1\nkind: ConfigMap\n"));
        Assert.Contains("v1/ConfigMap", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// go-yaml: a comment right above a document's first key is the head comment of the document's mapping, so in kpt's
    /// ResourceList (kyaml's ByteWriter wrapping the items) it is written above the item's dash.
    /// </summary>
    [Fact]
    public void ToYaml_DocumentLeadingComment_IsWrittenAboveTheItemDash()
    {
        var files = new Dictionary<string, string> { ["app.yaml"] = "# license\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n" };
        var list = new ResourceList();
        list.Items.Add(PackageResources.Read(files).Resources[0]);

        var text = list.ToYaml();

        Assert.StartsWith("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n# license\n- apiVersion: v1\n", text, StringComparison.Ordinal);
        Assert.Equal("# license\napiVersion: v1\n", PackageResources.Read(files).Resources[0].ToYaml()[..("# license\napiVersion: v1\n".Length)]);
    }

    /// <summary>
    /// kpt's cmdutil.WriteToOutput for <c>--output unwrap</c>: kyaml's ByteWriter clears the index, path and seqindent
    /// annotations (both key forms), drops an annotations map left empty, keeps other annotations and each item's own
    /// sequence indent, and separates the items with <c>---</c>.
    /// </summary>
    [Fact]
    public void ToUnwrappedYaml_ReaderAnnotationsCleared_SeqIndentKeptPerItem()
    {
        var list = ResourceList.Parse(
            "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n# head\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n    annotations:\n"
            + "      config.kubernetes.io/index: '0'\n      config.kubernetes.io/path: 'a.yaml'\n      internal.config.kubernetes.io/index: '0'\n      internal.config.kubernetes.io/path: 'a.yaml'\n"
            + "      internal.config.kubernetes.io/seqindent: 'wide'\n      keep: me\n  data:\n    l: x\n  list:\n  - a\n"
            + "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: b\n    annotations:\n      internal.config.kubernetes.io/seqindent: 'compact'\n  list:\n  - b\n");

        var text = list.ToUnwrappedYaml();

        Assert.Equal(
            "# head\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations:\n    keep: me\ndata:\n  l: x\nlist:\n  - a\n---\n"
            + "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\nlist:\n- b\n",
            text);
        Assert.Equal("", new ResourceList().ToUnwrappedYaml());
    }

    /// <summary>
    /// Writing a list moves a document's leading comment above the item's dash in the text only: the item itself keeps
    /// the comment on its first key, so the list can be written again with the same bytes.
    /// </summary>
    [Fact]
    public void ToYaml_DocumentLeadingComment_ItemKeepsItsOwnComment()
    {
        var files = new Dictionary<string, string> { ["app.yaml"] = "# license\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n" };
        var list = new ResourceList();
        list.Items.Add(PackageResources.Read(files).Resources[0]);

        var first = list.ToYaml();

        Assert.Equal("# license", list.Items[0].Root.Children[0].HeadComment);
        Assert.Null(list.Items[0].Root.HeadComment);
        Assert.Equal(first, list.ToYaml());
    }

    /// <summary>kpt's unwrap clears the reader annotations from what it writes, not from the list's items.</summary>
    [Fact]
    public void ToUnwrappedYaml_ReaderAnnotations_StayOnTheItems()
    {
        var files = new Dictionary<string, string> { ["a.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n" };
        var list = new ResourceList();
        list.Items.Add(PackageResources.Read(files).Resources[0]);

        Assert.Equal("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n", list.ToUnwrappedYaml());
        Assert.Equal("a.yaml", list.Items[0].GetAnnotation(KrmAnnotations.Path));
        Assert.Equal("0", list.Items[0].GetAnnotation(KrmAnnotations.Index));
    }

    /// <summary>
    /// A package write clears the reader annotations from the files it writes, not from the resources: they can be written
    /// again (by a later step of a pipeline, say) to the same files.
    /// </summary>
    [Fact]
    public void PackageWrite_ReaderAnnotations_StayOnTheResources()
    {
        var files = new Dictionary<string, string> { ["a.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n" };
        var package = PackageResources.Read(files);

        var written = package.Write(files);

        Assert.Equal(files["a.yaml"], written["a.yaml"]);
        Assert.Equal("a.yaml", package.Resources[0].GetAnnotation(KrmAnnotations.Path));
        Assert.Equal(written["a.yaml"], package.Write(files)["a.yaml"]);
    }

    /// <summary>
    /// A foot comment below a nested entry belongs to the same entry however many entries the document holds before it
    /// (the reader finds the entries around a line through an index, not by position in a short document).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(300)]
    public void Read_FootCommentBelowNestedEntry_SameEntryInALongDocument(int itemsBefore)
    {
        var text = new System.Text.StringBuilder("items:\n");
        for (var i = 0; i < itemsBefore; i++)
        {
            text.Append("- name: n").Append(i).Append("\n  spec:\n    a: 1\n");
        }

        text.Append("- name: last\n  spec:\n    a: 1\n    # foot of a\n  other: 2\n");

        var doc = KrmYaml.ReadDocument(text.ToString());

        var last = doc.Root.Get("items")!.Children[^1];
        var spec = last.Get("spec")!;
        Assert.Equal("# foot of a", spec.Children[0].FootComment);
        Assert.Equal(text.ToString(), KrmYaml.WriteDocuments([doc]));
    }
}
