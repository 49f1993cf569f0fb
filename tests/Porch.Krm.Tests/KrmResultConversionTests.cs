namespace Porch.Krm.Tests;

/// <summary>The one conversion between the wire result and kpt's result item keeps every field, tags included.</summary>
public sealed class KrmResultConversionTests
{
    [Fact]
    public void ToResultItem_KeepsEveryField_AndBack()
    {
        var result = new KrmResult
        {
            Message = "m",
            Severity = "warning",
            ResourceApiVersion = "v1",
            ResourceKind = "ConfigMap",
            ResourceName = "cm",
            ResourceNamespace = "ns",
            FieldPath = "data.x",
            FieldCurrentValue = "1",
            FieldProposedValue = "2",
            FilePath = "cm.yaml",
            FileIndex = 1,
        };
        result.Tags["k"] = "v";

        var item = result.ToResultItem();

        Assert.Equal(("m", "warning"), (item.Message, item.Severity));
        Assert.Equal(("v1", "ConfigMap", "cm", "ns"), (item.ResourceRef!.ApiVersion, item.ResourceRef.Kind, item.ResourceRef.Name, item.ResourceRef.Namespace));
        Assert.Equal(("data.x", "1", "2"), (item.Field!.Path, item.Field.CurrentValue, item.Field.ProposedValue));
        Assert.Equal(("cm.yaml", 1), (item.File!.Path, item.File.Index));
        Assert.Equal("v", item.Tags["k"]);
        Assert.Equal(result.ToNode().ToString(), KrmResult.FromResultItem(item).ToNode().ToString());
    }

    [Fact]
    public void ToResultItem_EmptyParts_Absent()
    {
        var item = new KrmResult { Message = "only", Severity = "" }.ToResultItem();

        Assert.Null(item.Severity);
        Assert.Null(item.ResourceRef);
        Assert.Null(item.Field);
        Assert.Null(item.File);
        Assert.Empty(item.Tags);
    }

    [Fact]
    public void ToString_IsTheSdkResultString() =>
        Assert.Equal(
            "[error] apps/v1/Deployment/ns/web spec.replicas: too many",
            new KrmResult { Message = "too many", Severity = "error", ResourceApiVersion = "apps/v1", ResourceKind = "Deployment", ResourceNamespace = "ns", ResourceName = "web", FieldPath = "spec.replicas" }.ToString());
}
