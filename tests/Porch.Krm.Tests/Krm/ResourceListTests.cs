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
}
