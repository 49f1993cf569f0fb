using Porch.Engine.Api;
using Porch.Krm;
using Porch.PackageVariants.Internal;

namespace Porch.PackageVariants.Tests;

/// <summary>Porch's TestNewWorkspaceName, TestGeneratePVFuncName and TestIsPackageVariantFunc.</summary>
public sealed class WorkspaceNameAndFunctionNameTests
{
    private static PackageRevision Pr(string workspace, string package = "") =>
        new() { Metadata = new ObjectMeta { Name = "my-pr" }, Spec = new PackageRevisionSpec { WorkspaceName = workspace, PackageName = package, Repository = "" } };

    public static TheoryData<string[], string?, string> WorkspaceCases => new()
    {
        { [], null, "packagevariant-1" },                                              // empty list
        { ["packagevariant-1", "packagevariant-2"], null, "packagevariant-3" },        // two with the prefix
        { ["packagevariant-1", "foo"], null, "packagevariant-2" },                     // one with the prefix
        { ["foo-1", "foo-2"], null, "packagevariant-1" },                              // neither
        { ["packagevariant-1", "packagevariant-2"], "some-other-package", "packagevariant-2" }, // the second is another package's
    };

    [Theory]
    [MemberData(nameof(WorkspaceCases))]
    public void NewWorkspaceName_PorchCases_OnePastHighest(string[] workspaces, string? lastPackage, string expected)
    {
        var list = workspaces.Select((w, i) => Pr(w, i == workspaces.Length - 1 && lastPackage is not null ? lastPackage : "")).ToList();
        Assert.Equal(expected, PackageVariantReconciler.NewWorkspaceName(list, "", ""));
    }

    [Theory]
    [InlineData("my-func", "my-pv", 3, "PackageVariant.my-pv.my-func.3")]
    [InlineData("", "my-pv", 0, "PackageVariant.my-pv..0")]
    public void GeneratePvFuncName_PorchCases(string funcName, string pvName, int position, string expected) =>
        Assert.Equal(expected, PackageVariantMutations.GeneratePvFuncName(funcName, pvName, position));

    [Theory]
    [InlineData("name: PackageVariant.my-pv.my-func.0", "my-pv", true)]
    [InlineData("otherkey: PackageVariant.my-pv.my-func.0", "my-pv", false)]
    [InlineData("name: PackageVariant.too.many.dots.0", "too", false)]
    [InlineData("name: PackageVariant.not-enough.dots", "not-enough", false)]
    [InlineData("name: noprefix.my-pv.my-func.0", "my-pv", false)]
    [InlineData("name: PackageVariant.my-pv.my-func.0", "actually-a-different-pv", false)]
    [InlineData("name: PackageVariant.my-pv..0", "my-pv", true)]
    [InlineData("name: PackageVariant.my-pv.my-func.str", "my-pv", false)]
    public void IsPackageVariantFunc_PorchCases(string yaml, string pvName, bool expected) =>
        Assert.Equal(expected, PackageVariantMutations.IsPackageVariantFunc(KrmYaml.ReadDocument(yaml).Root, pvName));
}
