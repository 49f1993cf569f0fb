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
}
