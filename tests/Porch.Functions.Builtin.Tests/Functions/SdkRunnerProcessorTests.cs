namespace Porch.Functions.Builtin.Tests.Functions;

/// <summary>kpt-functions-sdk go/fn/runnerprocessor.go (config) as set-labels uses it.</summary>
public sealed class SdkRunnerProcessorTests
{
    private const string Items = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";

    /// <summary>runnerprocessor.go config: a kind that is neither ConfigMap nor the runner's own is refused with GroupKind text.</summary>
    [Fact]
    public async Task Config_UnknownKind_ErrorNamesGroupKindAndExpectedKinds()
    {
        var ex = await FunctionHarness.FailAsync("set-labels", Items, "apiVersion: fn.kpt.dev/v1alpha1\nkind: BadKind\nmetadata:\n  name: x\nlabels:\n  a: b\n");

        var message = Assert.Single(ex.Results!.Items.Single().Results).Message;
        Assert.Equal("unknown FunctionConfig `BadKind.fn.kpt.dev`, expect `SetLabels.fn.kpt.dev` or `ConfigMap.v1`", message);
    }

    /// <summary>runnerprocessor.go config → KubeObject.As: encoding/json's type error for a list where the struct has a map.</summary>
    [Fact]
    public async Task Config_LabelsAsList_JsonUnmarshalTypeError()
    {
        var ex = await FunctionHarness.FailAsync("set-labels", Items, "apiVersion: fn.kpt.dev/v1alpha1\nkind: SetLabels\nmetadata:\n  name: x\nlabels:\n  - color: orange\n");

        var message = Assert.Single(ex.Results!.Items.Single().Results).Message;
        Assert.Equal("unable to convert object to *setlabels.SetLabels with error: json: cannot unmarshal array into Go struct field SetLabels.labels of type map[string]string", message);
    }

    /// <summary>runnerprocessor.go config: the runner's kind is matched by group and kind, any version.</summary>
    [Fact]
    public async Task Config_RunnerKindOtherVersion_Accepted()
    {
        var output = await FunctionHarness.RunAsync("set-labels", Items, "apiVersion: fn.kpt.dev/v1\nkind: SetLabels\nmetadata:\n  name: x\nlabels:\n  a: b\n");

        Assert.Equal("b", output.Items[0].GetString("metadata", "labels", "a"));
    }
}
