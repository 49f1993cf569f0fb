using Porch.Krm;

namespace Porch.Krm.Tests.Krm;

public sealed class KubeObjectTests
{
    private const string Deployment = "apiVersion: apps/v1 # api\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n      - name: c\n        image: nginx\n";

    [Fact]
    public void Properties_Deployment_ReadsWellKnownFields()
    {
        var obj = KubeObject.Parse(Deployment);
        Assert.Equal(("apps", "v1", "Deployment", "web", ""), (obj.Group, obj.Version, obj.Kind, obj.Name, obj.Namespace));
        Assert.Equal("web", obj.Labels["app"]);
        Assert.Equal(new KubeObjectIdentity("apps", "Deployment", "", "web"), obj.Identity);
        Assert.Equal("apps|Deployment||web", obj.Identity.ToString());
        Assert.Equal("nginx", obj.GetString("spec", "template", "spec", "containers", "0", "image"));
    }

    [Fact]
    public void SetNamespace_NewField_AppendsAfterExistingKeysAndKeepsComments()
    {
        var obj = KubeObject.Parse(Deployment);
        obj.Namespace = "prod";
        obj.SetAnnotation("a", "1");
        Assert.Equal("apiVersion: apps/v1 # api\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    app: web\n  namespace: prod\n  annotations:\n    a: \"1\"\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n      - name: c\n        image: nginx\n", obj.ToYaml());
        Assert.True(obj.Remove("spec", "template"));
        Assert.Null(obj.GetNode("spec", "template"));
    }

    [Theory]
    [InlineData("yes", "\"yes\"")]
    [InlineData("123", "\"123\"")]
    [InlineData("a: b", "\"a: b\"")]
    [InlineData(" lead", "' lead'")]
    [InlineData("a#b", "a#b")]
    [InlineData("{{ .Values.x }}", "'{{ .Values.x }}'")]
    [InlineData("'a", "'''a'")]
    [InlineData("a\tb", "\"a\\tb\"")]
    [InlineData("\U0001F600", "\"\\U0001F600\"")]
    [InlineData("日本", "日本")]
    public void SetString_NewValue_QuotesLikeKyamlFieldSetter(string value, string written)
    {
        var obj = KubeObject.Parse("kind: A\n");
        obj.SetString(value, "v");
        Assert.Equal("kind: A\nv: " + written + "\n", obj.ToYaml());
    }

    /// <summary>A scalar has no children: reading them gives an empty list that cannot be added to.</summary>
    [Fact]
    public void Children_OfScalar_EmptyAndReadOnly()
    {
        var scalar = YamlNode.Scalar("x", YamlScalarStyle.Plain);

        Assert.Empty(scalar.Children);
        Assert.True(scalar.Children.IsReadOnly);
        Assert.Throws<NotSupportedException>(() => scalar.Children.Add(YamlNode.Scalar("y", YamlScalarStyle.Plain)));
    }

    /// <summary>Annotation and label lookups read <c>metadata.annotations</c> / <c>metadata.labels</c> as the field-path API does (null values are absent).</summary>
    [Fact]
    public void GetAnnotationAndLabel_NullAndNonMappingMetadata_ReadAsAbsent()
    {
        var obj = KubeObject.Parse("kind: A\nmetadata:\n  name: n\n  annotations:\n    a: ~\n    b: x\n  labels: [1]\n");

        Assert.Null(obj.GetAnnotation("a"));
        Assert.Equal("x", obj.GetAnnotation("b"));
        Assert.Equal(obj.GetString("metadata", "labels", "0"), obj.GetLabel("0"));
        Assert.False(obj.RemoveAnnotation("missing"));
        Assert.True(obj.RemoveAnnotation("b"));
        Assert.Null(obj.GetAnnotation("b"));
        Assert.Equal("n", obj.Name);
    }
}
