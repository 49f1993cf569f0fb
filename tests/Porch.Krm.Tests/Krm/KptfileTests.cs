using Porch.Krm;
using Porch.Tests.Shared;

namespace Porch.Krm.Tests.Krm;

public sealed class KptfileTests
{
    [Fact]
    public void Parse_EveryConformanceKptfile_Succeeds()
    {
        var count = 0;
        foreach (var file in Directory.GetFiles(Conformance.PathOf(), "Kptfile", SearchOption.AllDirectories))
        {
            if (file.Contains("kptfile-unknown-fields", StringComparison.Ordinal) || file.Contains("porch-update", StringComparison.Ordinal))
            {
                continue;
            }

            // A case whose Kptfile kpt itself cannot read is in the ledger (and its expectations test the refusal).
            var relative = Path.GetRelativePath(Conformance.PathOf(), Path.GetDirectoryName(file)!).Replace('\\', '/');
            if (PendingConformance.Reason("kptfile", relative) is not null)
            {
                continue;
            }

            var kptfile = Kptfile.Parse(File.ReadAllText(file), file);
            Assert.NotNull(kptfile.Name ?? "");
            count++;
        }

        Assert.True(count > 20, "only " + count + " Kptfiles found");
    }

    [Fact]
    public void Parse_UnknownField_ReportsGoYamlUnmarshalError()
    {
        var text = "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: p\npipeline:\n  mutators:\n  - image: set-labels:v0.1\n    targetResources: []\n";
        var ex = Assert.Throws<KrmYamlException>(() => Kptfile.Parse(text));
        Assert.Contains("yaml: unmarshal errors:\n  line 8: field targetResources not found in type v1.Function", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kpt.dev/v1alpha2", "Kptfile", "old resource version \"v1alpha2\" found in Kptfile")]
    [InlineData("v1", "ConfigMap", "unknown resource type \"/v1, Kind=ConfigMap\" found in Kptfile")]
    public void Parse_WrongType_ReportsKptMessage(string apiVersion, string kind, string message)
    {
        var ex = Assert.Throws<KrmYamlException>(() => Kptfile.Parse($"apiVersion: {apiVersion}\nkind: {kind}\nmetadata:\n  name: p\n"));
        Assert.EndsWith(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_FunctionWithoutImage_GivesKptFourLineError()
    {
        var kptfile = Kptfile.Parse("apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: p\npipeline:\n  mutators:\n  - configPath: a.yaml\n");
        Assert.Equal("Kptfile is invalid:\nField: `pipeline.mutators[0]`\nReason: must specify a functon (`image` or `exec`) to execute\n", kptfile.Validate());
    }

    [Theory]
    [InlineData("configPath: ../x.yaml", "pipeline.mutators[0].configPath", "path must not be outside the package")]
    [InlineData("configPath: /x.yaml", "pipeline.mutators[0].configPath", "path must be relative")]
    [InlineData("configPath: x.yaml\n    configMap: {a: b}", "pipeline.mutators[0]", "functionConfig must not specify both `configMap` and `configPath` at the same time")]
    [InlineData("exec: ./fn", "pipeline.mutators[0]", "must not specify both `image` and `exec` at the same time")]
    public void Validate_BadStep_NamesFieldAndReason(string extra, string field, string reason)
    {
        var kptfile = Kptfile.Parse($"apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: p\npipeline:\n  mutators:\n  - image: set-namespace:v0.4\n    {extra}\n");
        var error = kptfile.Validate();
        Assert.NotNull(error);
        Assert.Contains("Field: `" + field + "`", error, StringComparison.Ordinal);
        Assert.EndsWith("Reason: " + reason + "\n", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToYaml_StatusAndPipeline_WritesKptStructOrderWideAndQuotedStatus()
    {
        var kptfile = Kptfile.Parse("apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: app\n  annotations:\n    config.kubernetes.io/local-config: \"true\"\npipeline:\n  mutators:\n  - image: set-namespace:v0.4\n    configMap:\n      namespace: prod\n");
        kptfile.Status = new KptStatus();
        kptfile.Status.Conditions.Add(new KptCondition { Type = "Rendered", Status = "True", Reason = "RenderSuccess" });
        var expected = "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: app\n  annotations:\n    config.kubernetes.io/local-config: \"true\"\npipeline:\n  mutators:\n    - image: set-namespace:v0.4\n      configMap:\n        namespace: prod\nstatus:\n  conditions:\n    - type: Rendered\n      status: \"True\"\n      reason: RenderSuccess\n";
        Assert.Equal(expected, kptfile.ToYaml());
    }
}
