using Porch.PackageVariants.Api;
using Porch.PackageVariants.Internal;

namespace Porch.PackageVariants.Tests;

/// <summary>Porch's TestEnsurePackageContext and TestEnsureKRMFunctions (packagevariant_controller_test.go), same data.</summary>
public sealed class PackageVariantMutationsTests
{
    private const string KptfileBase = """
        apiVersion: kpt.dev/v1
        kind: Kptfile
        metadata:
          name: prr
          annotations:
            config.kubernetes.io/local-config: "true"
        info:
          description: Example

        """;

    private const string ContextBase = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: kptfile.kpt.dev
          annotations:
            config.kubernetes.io/local-config: "true"
        data:
          name: example

        """;

    private static PackageVariant Pv(PackageContext? context = null, PipelineSpec? pipeline = null) => new()
    {
        Metadata = new() { Name = "my-pv", Uid = "pv-uid" },
        Spec = new PackageVariantSpec
        {
            Upstream = new Upstream { Repo = "blueprints", Package = "foo", Revision = 1 },
            Downstream = new Downstream { Repo = "deployments", Package = "bar" },
            PackageContext = context,
            Pipeline = pipeline,
        },
    };

    public static TheoryData<string, string?, string?, string, string> ContextCases => new()
    {
        // name, data ("k=v,k=v"), removeKeys ("a,b"), initial data lines, expected data lines (after "name: example")
        { "empty package context", null, null, "", "" },
        { "add one entry", "foo=bar", null, "", "  foo: bar\n" },
        { "add two entries", "foo=bar,foobar=barfoo", null, "", "  foo: bar\n  foobar: barfoo\n" },
        { "add one with existing", "foo=bar", null, "  hello: there\n", "  foo: bar\n  hello: there\n" },
        { "change existing", "foo=bar", null, "  foo: there\n", "  foo: bar\n" },
        { "remove one entry", null, "hello", "  hello: there\n", "" },
        { "remove entry, leave existing", null, "hello", "  hello: there\n  foo: bar\n", "  foo: bar\n" },
        { "remove and add entries", "foobar=barfoo,there=hello", "hello", "  hello: there\n  foo: bar\n", "  foo: bar\n  foobar: barfoo\n  there: hello\n" },
    };

    [Theory]
    [MemberData(nameof(ContextCases))]
    public void EnsurePackageContext_PorchCases(string name, string? data, string? removeKeys, string initial, string expected)
    {
        _ = name;
        var context = data is null && removeKeys is null ? null : new PackageContext
        {
            Data = data?.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]),
            RemoveKeys = removeKeys?.Split(',').ToList(),
        };
        var resources = new Dictionary<string, string> { ["Kptfile"] = KptfileBase, ["package-context.yaml"] = ContextBase + initial };
        PackageVariantMutations.EnsurePackageContext(Pv(context), "default", "prr", resources);
        Assert.Equal(ContextBase + expected, resources["package-context.yaml"]);
        Assert.Equal(KptfileBase, resources["Kptfile"]);
    }

    [Fact]
    public void EnsurePackageContext_NoContextFile_PorchError()
    {
        var resources = new Dictionary<string, string> { ["Kptfile"] = KptfileBase };
        var ex = Assert.Throws<InvalidOperationException>(() =>
            PackageVariantMutations.EnsurePackageContext(Pv(new PackageContext { Data = new() { ["a"] = "b" } }), "default", "prr", resources));
        Assert.Equal("\"package-context.yaml\" not found in PackageRevisionResources 'default/prr'", ex.Message);
    }

    private static FunctionSpec Fn(string image, string name, Dictionary<string, string>? configMap = null) => new() { Image = image, Name = name, ConfigMap = configMap };

    public static TheoryData<string, string, PipelineSpec?, string> FunctionCases => new()
    {
        {
            "add one mutator with existing mutators",
            """
            pipeline:
              mutators:
                - image: gcr.io/kpt-fn/set-labels:v0.1
                  name: set-labels
                  configMap:
                    app: foo
                - image: gcr.io/kpt-fn/set-annotations:v0.1
                  name: set-annotations

            """,
            new PipelineSpec { Mutators = [Fn("gcr.io/kpt-fn/set-namespace:v0.1", "set-namespace", new() { ["namespace"] = "my-ns" })] },
            """
            pipeline:
              mutators:
              - name: PackageVariant.my-pv.set-namespace.0
                image: gcr.io/kpt-fn/set-namespace:v0.1
                configMap:
                  namespace: my-ns
              - image: gcr.io/kpt-fn/set-labels:v0.1
                name: set-labels
                configMap:
                  app: foo
              - image: gcr.io/kpt-fn/set-annotations:v0.1
                name: set-annotations

            """
        },
        {
            "add two mutators with existing",
            """
            pipeline:
              mutators:
                - image: gcr.io/kpt-fn/set-labels:v0.1
                  name: set-labels
                  configMap:
                    app: foo
                - image: gcr.io/kpt-fn/set-annotations:v0.1
                  name: set-annotations

            """,
            new PipelineSpec { Mutators = [Fn("gcr.io/kpt-fn/set-namespace:v0.1", "set-namespace", new() { ["namespace"] = "my-ns" }), Fn("gcr.io/kpt-fn/format:unstable", "format")] },
            """
            pipeline:
              mutators:
              - name: PackageVariant.my-pv.set-namespace.0
                image: gcr.io/kpt-fn/set-namespace:v0.1
                configMap:
                  namespace: my-ns
              - name: PackageVariant.my-pv.format.1
                image: gcr.io/kpt-fn/format:unstable
              - image: gcr.io/kpt-fn/set-labels:v0.1
                name: set-labels
                configMap:
                  app: foo
              - image: gcr.io/kpt-fn/set-annotations:v0.1
                name: set-annotations

            """
        },
        {
            "add one mutator with none existing",
            "",
            new PipelineSpec { Mutators = [Fn("gcr.io/kpt-fn/set-namespace:v0.1", "set-namespace", new() { ["namespace"] = "my-ns" })] },
            """
            pipeline:
              mutators:
              - name: PackageVariant.my-pv.set-namespace.0
                image: gcr.io/kpt-fn/set-namespace:v0.1
                configMap:
                  namespace: my-ns

            """
        },
        {
            "add none with existing mutators",
            """
            pipeline:
              mutators:
                - image: gcr.io/kpt-fn/set-labels:v0.1
                  name: set-labels
                  configMap:
                    app: foo
                - image: gcr.io/kpt-fn/set-annotations:v0.1
                  name: set-annotations

            """,
            null,
            """
            pipeline:
              mutators:
              - image: gcr.io/kpt-fn/set-labels:v0.1
                name: set-labels
                configMap:
                  app: foo
              - image: gcr.io/kpt-fn/set-annotations:v0.1
                name: set-annotations

            """
        },
        {
            "add one mutator with existing with comments",
            """
            pipeline:
              mutators:
                - image: gcr.io/kpt-fn/set-labels:v0.1
                  # this is a comment
                  name: set-labels
                  configMap:
                    app: foo
                - image: gcr.io/kpt-fn/set-annotations:v0.1
                  name: set-annotations

            """,
            new PipelineSpec { Mutators = [Fn("gcr.io/kpt-fn/set-namespace:v0.1", "set-namespace", new() { ["namespace"] = "my-ns" })] },
            """
            pipeline:
              mutators:
              - name: PackageVariant.my-pv.set-namespace.0
                image: gcr.io/kpt-fn/set-namespace:v0.1
                configMap:
                  namespace: my-ns
              - image: gcr.io/kpt-fn/set-labels:v0.1
                # this is a comment
                name: set-labels
                configMap:
                  app: foo
              - image: gcr.io/kpt-fn/set-annotations:v0.1
                name: set-annotations

            """
        },
        {
            "add one validator with existing validators",
            """
            pipeline:
              validators:
                - image: gcr.io/kpt-fn/gatekeeper-validate:v0.1
                  name: gatekeeper-validate

            """,
            new PipelineSpec { Validators = [Fn("gcr.io/kpt-fn/validate-name:undefined", "validate-name")] },
            """
            pipeline:
              validators:
              - name: PackageVariant.my-pv.validate-name.0
                image: gcr.io/kpt-fn/validate-name:undefined
              - image: gcr.io/kpt-fn/gatekeeper-validate:v0.1
                name: gatekeeper-validate

            """
        },
        {
            "add validator and mutator with existing",
            """
            pipeline:
              validators:
                - image: gcr.io/val1
                  name: val1
                - image: gcr.io/val2
                  name: val2
              mutators:
                - image: gcr.io/mut1
                  name: mut1
                - image: gcr.io/mut2
                  name: mut2

            """,
            new PipelineSpec { Validators = [Fn("gcr.io/val3", "val3"), Fn("gcr.io/val4", "val4")], Mutators = [Fn("gcr.io/mut3", "mut3"), Fn("gcr.io/mut4", "mut4")] },
            """
            pipeline:
              validators:
              - name: PackageVariant.my-pv.val3.0
                image: gcr.io/val3
              - name: PackageVariant.my-pv.val4.1
                image: gcr.io/val4
              - image: gcr.io/val1
                name: val1
              - image: gcr.io/val2
                name: val2
              mutators:
              - name: PackageVariant.my-pv.mut3.0
                image: gcr.io/mut3
              - name: PackageVariant.my-pv.mut4.1
                image: gcr.io/mut4
              - image: gcr.io/mut1
                name: mut1
              - image: gcr.io/mut2
                name: mut2

            """
        },
        {
            "remove pv mutator",
            """
            pipeline:
              mutators:
              - image: gcr.io/mut:v1
                name: PackageVariant.my-pv.mut.0

            """,
            null,
            ""
        },
        {
            "remove pv validator, keep prr one",
            """
            pipeline:
              validators:
              - image: gcr.io/val:v1
                name: PackageVariant.my-pv.val.0
              - image: gcr.io/val:v1
                name: non-pv-val

            """,
            null,
            """
            pipeline:
              validators:
              - image: gcr.io/val:v1
                name: non-pv-val

            """
        },
    };

    [Theory]
    [MemberData(nameof(FunctionCases))]
    public void EnsureKrmFunctions_PorchCases_AndIdempotent(string name, string initialPipeline, PipelineSpec? pipeline, string expectedPipeline)
    {
        _ = name;
        var resources = new Dictionary<string, string> { ["Kptfile"] = KptfileBase + initialPipeline };
        var pv = Pv(pipeline: pipeline);
        PackageVariantMutations.EnsureKrmFunctions(pv, "default", "prr", resources);
        Assert.Equal(KptfileBase + expectedPipeline, resources["Kptfile"]);

        PackageVariantMutations.EnsureKrmFunctions(pv, "default", "prr", resources);
        Assert.Equal(KptfileBase + expectedPipeline, resources["Kptfile"]);
    }
}
