using Porch.PackageVariants.Api;
using Porch.PackageVariants.Internal;

namespace Porch.PackageVariants.Tests;

/// <summary>Porch's TestValidatePackageVariant (packagevariant_controller_test.go), same inputs and messages.</summary>
public sealed class PackageVariantValidationTests
{
    private static PackageVariant Valid(Action<PackageVariantSpec>? change = null)
    {
        var pv = new PackageVariant
        {
            Metadata = new() { Name = "my-pv" },
            Spec = new PackageVariantSpec
            {
                Upstream = new Upstream { Package = "foo", Revision = 1, Repo = "blueprints" },
                Downstream = new Downstream { Package = "foo", Repo = "deployments" },
            },
        };
        change?.Invoke(pv.Spec);
        return pv;
    }

    private static string Validate(PackageVariant pv) => PackageVariantValidation.Combine(PackageVariantValidation.Validate(pv));

    [Fact]
    public void ValidatePackageVariant_EmptySpec_MissingUpstreamAndDownstream() =>
        Assert.Equal("missing required field spec.upstream; missing required field spec.downstream", Validate(new PackageVariant { Metadata = new() { Name = "my-pv" } }));

    [Fact]
    public void ValidatePackageVariant_MissingPackageNames_BothReported() =>
        Assert.Equal("missing required field spec.upstream.package; missing required field spec.downstream.package", Validate(Valid(s =>
        {
            s.Upstream!.Package = null;
            s.Downstream!.Package = null;
        })));

    [Fact]
    public void ValidatePackageVariant_EmptyPolicies_DefaultedAndValid()
    {
        var pv = Valid();
        Assert.Equal("", Validate(pv));
        Assert.Equal("adoptNone", pv.Spec.AdoptionPolicy);
        Assert.Equal("delete", pv.Spec.DeletionPolicy);
    }

    [Fact]
    public void ValidatePackageVariant_InvalidPolicies_PorchTexts() =>
        Assert.Equal("spec.adoptionPolicy field can only be \"adoptNone\" or \"adoptExisting\"; spec.deletionPolicy can only be \"orphan\" or \"delete\"", Validate(Valid(s =>
        {
            s.AdoptionPolicy = "invalid";
            s.DeletionPolicy = "invalid";
        })));

    [Fact]
    public void ValidatePackageVariant_ValidPolicies_NoError() =>
        Assert.Equal("", Validate(Valid(s =>
        {
            s.AdoptionPolicy = "adoptExisting";
            s.DeletionPolicy = "orphan";
        })));

    [Fact]
    public void ValidatePackageVariant_PackageContext_Valid() =>
        Assert.Equal("", Validate(Valid(s => s.PackageContext = new PackageContext { Data = new() { ["foo"] = "bar", ["hello"] = "there" }, RemoveKeys = ["bar", "foobar"] })));

    [Theory]
    [InlineData("name")]
    [InlineData("package-path")]
    public void ValidatePackageVariant_ReservedKeyInPackageContextData_FieldInvalid(string key) =>
        Assert.Equal($"spec.packageContext.data: Invalid value: map[string]string{{\"{key}\":\"test\"}}: must not contain the key \"{key}\"",
            Validate(Valid(s => s.PackageContext = new PackageContext { Data = new() { [key] = "test" } })));

    [Theory]
    [InlineData("name")]
    [InlineData("package-path")]
    public void ValidatePackageVariant_ReservedKeyInPackageContextRemoveKeys_FieldInvalid(string key) =>
        Assert.Equal($"spec.packageContext.removeKeys: Invalid value: []string{{\"{key}\"}}: must not contain the key \"{key}\"",
            Validate(Valid(s => s.PackageContext = new PackageContext { RemoveKeys = [key] })));

    [Fact]
    public void ValidatePackageVariant_ValidInjectors_NoError() =>
        Assert.Equal("", Validate(Valid(s => s.Injectors = [new() { Group = "porch.kpt.dev", Version = "v1alpha1", Kind = "Repository", Name = "foo" }, new() { Name = "bar" }])));

    [Fact]
    public void ValidatePackageVariant_InjectorWithoutName_Indexed() =>
        Assert.Equal("spec.injectors[1].name must not be empty",
            Validate(Valid(s => s.Injectors = [new() { Group = "porch.kpt.dev", Version = "v1alpha1", Kind = "Repository", Name = "foo" }, new() { Name = "" }])));
}
