using Porch.PackageVariants.Api;
using Porch.PackageVariants.Internal;

namespace Porch.PackageVariants.Tests;

/// <summary>Porch's TestValidatePackageVariantSet (validate_test.go): same YAML (numeric revisions), same messages in order.</summary>
public sealed class PackageVariantSetValidationTests
{
    private const string Header = "apiVersion: config.porch.kpt.dev\nkind: PackageVariantSet\nmetadata:\n  name: my-pv";

    public static TheoryData<string, string, string[]> Cases => new()
    {
        { "empty spec", "", ["spec.upstream is a required field", "must specify at least one item in spec.targets"] },
        { "missing upstream package", "\nspec:\n  upstream:\n    repo: foo\n    revision: 1", ["spec.upstream.package is a required field", "must specify at least one item in spec.targets"] },
        { "missing upstream repo", "\nspec:\n  upstream:\n    package: foopkg\n    revision: 3", ["spec.upstream.repo is a required field", "must specify at least one item in spec.targets"] },
        // Porch's current upstream has an optional revision (the latest published one when unset); its older
        // "spec.upstream.revision is a required field" no longer applies.
        { "missing upstream revision", "\nspec:\n  upstream:\n    repo: foo\n    package: foopkg", ["must specify at least one item in spec.targets"] },
        {
            "invalid targets",
            "\nspec:\n  targets:\n  - repositories:\n    - name: \"\"\n  - repositories:\n    - name: bar\n    repositorySelector:\n      foo: bar\n  - repositories:\n    - name: bar\n      packageNames:\n      - \"\"\n      - foo\n",
            [
                "spec.upstream is a required field",
                "spec.targets[0].repositories[0].name cannot be empty",
                "spec.targets[1] must specify one of `repositories`, `repositorySelector`, or `objectSelector`",
                "spec.targets[2].repositories[0].packageNames[0] cannot be empty",
            ]
        },
        {
            "invalid adoption and deletion policies",
            "\nspec:\n  targets:\n  - template:\n      adoptionPolicy: invalid\n      deletionPolicy: invalid\n",
            [
                "spec.upstream is a required field",
                "spec.targets[0] must specify one of `repositories`, `repositorySelector`, or `objectSelector`",
                "spec.targets[0].template.adoptionPolicy can only be \"adoptNone\" or \"adoptExisting\"",
                "spec.targets[0].template.deletionPolicy can only be \"orphan\" or \"delete\"",
            ]
        },
        { "valid adoption and deletion policies", "\nspec:\n  adoptionPolicy: adoptExisting\n  deletionPolicy: orphan\n", ["spec.upstream is a required field", "must specify at least one item in spec.targets"] },
        {
            "downstream values and expressions do not mix",
            "\nspec:\n  targets:\n  - template:\n      downstream:\n        repo: \"foo\"\n        repoExpr: \"'bar'\"\n        package: \"p\"\n        packageExpr: \"'p'\"\n",
            [
                "spec.upstream is a required field",
                "spec.targets[0] must specify one of `repositories`, `repositorySelector`, or `objectSelector`",
                "spec.targets[0].template may specify only one of `downstream.repo` and `downstream.repoExpr`",
                "spec.targets[0].template may specify only one of `downstream.package` and `downstream.packageExpr`",
            ]
        },
        {
            "MapExprs do not allow both expr-and non-expr for same field",
            "\nspec:\n  targets:\n  - template:\n      labelExprs:\n      - key: \"foo\"\n        keyExpr: \"'bar'\"\n        value: \"bar\"\n      - key: \"foo\"\n        value: \"bar\"\n        valueExpr: \"'bar'\"\n      annotationExprs:\n      - key: \"foo\"\n        keyExpr: \"'bar'\"\n        value: \"bar\"\n      - key: \"foo\"\n        value: \"bar\"\n        valueExpr: \"'bar'\"\n      packageContext:\n        dataExprs:\n          - key: \"foo\"\n            keyExpr: \"'bar'\"\n            value: \"bar\"\n          - key: \"foo\"\n            value: \"bar\"\n            valueExpr: \"'bar'\"\n",
            [
                "spec.upstream is a required field",
                "spec.targets[0] must specify one of `repositories`, `repositorySelector`, or `objectSelector`",
                "spec.targets[0].template.labelExprs[0] may specify only one of `key` and `keyExpr`",
                "spec.targets[0].template.labelExprs[1] may specify only one of `value` and `valueExpr`",
                "spec.targets[0].template.annotationExprs[0] may specify only one of `key` and `keyExpr`",
                "spec.targets[0].template.annotationExprs[1] may specify only one of `value` and `valueExpr`",
                "spec.targets[0].template.packageContext.dataExprs[0] may specify only one of `key` and `keyExpr`",
                "spec.targets[0].template.packageContext.dataExprs[1] may specify only one of `value` and `valueExpr`",
            ]
        },
        {
            "injectors must specify exactly one of name or nameexpr",
            "\nspec:\n  targets:\n  - repositories:\n    - name: bar\n    template:\n      injectors:\n      - name: foo\n        nameExpr: bar\n      - group: foo\n",
            [
                "spec.upstream is a required field",
                "spec.targets[0].template.injectors[0] may specify only one of `name` and `nameExpr`",
                "spec.targets[0].template.injectors[1] must specify either `name` or `nameExpr`",
            ]
        },
        {
            "pipeline function must be valid",
            "\nspec:\n  targets:\n  - repositories:\n    - name: bar\n    template:\n      pipeline:\n        validators:\n        - name: foo\n        - image: foo\n          name: bar\n        mutators:\n        - name: foo.bar\n          image: bar\n",
            [
                "spec.upstream is a required field",
                "spec.targets[0].template.pipeline.validators[0].image must not be empty",
                "spec.targets[0].template.pipeline.mutators[0].name must not contain '.'",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ValidatePackageVariantSet_PorchCases(string name, string yaml, string[] expected)
    {
        _ = name;
        var pvs = YamlObjects.Read(Header + yaml, PackageVariantJsonContext.Default.PackageVariantSet);
        Assert.Equal(expected, PackageVariantSetValidation.Validate(pvs));
    }
}
