using System.Text.Json;
using System.Text.Json.Nodes;
using Porch.PackageVariants.Api;
using Porch.PackageVariants.Internal;

namespace Porch.PackageVariants.Tests;

/// <summary>Porch's TestRenderPackageVariantSpec, TestEvalExpr and TestCopyAndOverlayMapExpr (render_test.go), same data.</summary>
public sealed class PackageVariantSetRenderingTests
{
    private static readonly Upstream PvsUpstream = new() { Repo = "up-repo", Package = "up-pkg", Revision = 2 };

    private static readonly Dictionary<string, IReadOnlyDictionary<string, object?>> Repositories = new()
    {
        ["my-repo-1"] = PackageVariantSetRendering.ObjectInput("my-repo-1", "", new Dictionary<string, string> { ["foo"] = "bar", ["abc"] = "def" }, null),
        ["my-repo-2"] = PackageVariantSetRendering.ObjectInput("my-repo-2", "", new Dictionary<string, string> { ["foo"] = "bar", ["abc"] = "def", ["efg"] = "hij" }, null),
    };

    private static readonly IReadOnlyDictionary<string, object?> UpstreamInput = PackageVariantSetRendering.ObjectInput("p", "default",
        new Dictionary<string, string> { ["vendor"] = "bigco.com", ["product"] = "snazzy", ["version"] = "1.6.8" },
        new Dictionary<string, string> { ["bigco.com/team"] = "us-platform" });

    private const string Head = "upstream:\n  repo: up-repo\n  package: up-pkg\n  revision: 2\n";

    public static TheoryData<string, string, string> RenderCases => new()
    {
        { "no template", "", Head + "downstream:\n  repo: my-repo-1\n  package: p\n" },
        { "template downstream.repo", "downstream:\n  repo: my-repo-2\n", Head + "downstream:\n  repo: my-repo-2\n  package: p\n" },
        { "template downstream.package", "downstream:\n  package: new-p\n", Head + "downstream:\n  repo: my-repo-1\n  package: new-p\n" },
        { "template adoption and deletion", "adoptionPolicy: adoptExisting\ndeletionPolicy: delete\n", Head + "downstream:\n  repo: my-repo-1\n  package: p\nadoptionPolicy: adoptExisting\ndeletionPolicy: delete\n" },
        {
            "template static labels and annotations", "labels:\n  foo: bar\n  hello: there\nannotations:\n  foobar: barfoo\n",
            Head + "downstream:\n  repo: my-repo-1\n  package: p\nlabels:\n  foo: bar\n  hello: there\nannotations:\n  foobar: barfoo\n"
        },
        {
            "template static packageContext", "packageContext:\n  data:\n    foo: bar\n    hello: there\n  removeKeys: [foobar, barfoo]\n",
            Head + "downstream:\n  repo: my-repo-1\n  package: p\npackageContext:\n  data:\n    foo: bar\n    hello: there\n  removeKeys: [barfoo, foobar]\n"
        },
        {
            "template downstream with expressions", "downstream:\n  repoExpr: \"'my-repo-2'\"\n  packageExpr: \"repoDefault + '-' + packageDefault\"\n",
            Head + "downstream:\n  repo: my-repo-2\n  package: my-repo-1-p\n"
        },
        {
            "template labels and annotations with expressions",
            """
            downstream:
              repoExpr: "'my-repo-2'"
              packageExpr: "repoDefault + '-' + packageDefault"
            labels:
              foo: bar
              hello: there
            labelExprs:
            - key: foo
              valueExpr: repoDefault
            - keyExpr: "repository.labels['efg']"
              valueExpr: "packageDefault + '-' + repository.name"
            - key: hello
              value: goodbye
            annotations:
              bigco.com/sample-annotation: some-annotation
              foo.org/id: "123456"
            annotationExprs:
            - key: foo.org/id
              value: "54321"
            - key: bigco.com/team
              valueExpr: "upstream.annotations['bigco.com/team']"
            """,
            Head + "downstream:\n  repo: my-repo-2\n  package: my-repo-1-p\nlabels:\n  foo: my-repo-1\n  hello: goodbye\n  hij: p-my-repo-2\nannotations:\n  bigco.com/sample-annotation: some-annotation\n  foo.org/id: \"54321\"\n  bigco.com/team: us-platform\n"
        },
        {
            "template with packageContext with expressions",
            """
            packageContext:
              data:
                foo: bar
                hello: there
              dataExprs:
              - key: foo
                valueExpr: upstream.name
              - keyExpr: upstream.namespace
                valueExpr: upstream.name
              - keyExpr: upstream.name
                value: foo
              removeKeys: [foobar, barfoo]
              removeKeyExprs: ["repository.labels['abc']"]
            """,
            Head + "downstream:\n  repo: my-repo-1\n  package: p\npackageContext:\n  data:\n    foo: p\n    hello: there\n    default: p\n    p: foo\n  removeKeys: [barfoo, def, foobar]\n"
        },
        {
            "template injectors",
            """
            injectors:
            - group: kpt.dev
              version: v1alpha1
              kind: Foo
              name: bar
            - group: kpt.dev
              version: v1alpha1
              kind: Foo
              nameExpr: "repository.labels['abc']"
            - nameExpr: "repository.name + '-test'"
            """,
            Head + "downstream:\n  repo: my-repo-1\n  package: p\ninjectors:\n- group: kpt.dev\n  version: v1alpha1\n  kind: Foo\n  name: bar\n- group: kpt.dev\n  version: v1alpha1\n  kind: Foo\n  name: def\n- name: my-repo-1-test\n"
        },
        {
            "pipeline injectors",
            """
            pipeline:
              validators:
              - image: foo:bar
                name: hey
              - image: foo:bar
                configMap:
                  k1: v1
                  k2: v2
                configMapExprs:
                - key: k1
                  valueExpr: repository.name
                - keyExpr: "'k3'"
                  value: bar
              mutators:
              - image: mutates
                configMapExprs:
                - key: k1
                  value: yo
            """,
            Head + "downstream:\n  repo: my-repo-1\n  package: p\npipeline:\n  validators:\n  - image: foo:bar\n    name: hey\n  - image: foo:bar\n    configMap:\n      k1: my-repo-1\n      k2: v2\n      k3: bar\n  mutators:\n  - image: mutates\n    configMap:\n      k1: yo\n"
        },
    };

    [Theory]
    [MemberData(nameof(RenderCases))]
    public void RenderPackageVariantSpec_PorchCases(string name, string template, string expected)
    {
        _ = name;
        var pvt = template.Length == 0 ? null : YamlObjects.Read(template, PackageVariantJsonContext.Default.PackageVariantTemplate);
        var spec = PackageVariantSetRendering.Render(PvsUpstream, Repositories, UpstreamInput, new VariantTarget(pvt, "my-repo-1", "p", null));
        var actual = JsonSerializer.SerializeToNode(spec, PackageVariantJsonContext.Default.PackageVariantSpec);
        var wanted = JsonSerializer.SerializeToNode(YamlObjects.Read(expected, PackageVariantJsonContext.Default.PackageVariantSpec), PackageVariantJsonContext.Default.PackageVariantSpec);
        Assert.True(JsonNode.DeepEquals(wanted, actual), $"expected {wanted}\nactual   {actual}");
        if (spec.PackageContext?.RemoveKeys is { } removeKeys)
        {
            Assert.Equal(wanted!["packageContext"]!["removeKeys"]!.AsArray().Select(n => n!.GetValue<string>()), removeKeys); // sorted, as Porch
        }
    }

    private static Dictionary<string, object?> EvalInputs(object? target) => new()
    {
        ["repoDefault"] = "foo-repo",
        ["packageDefault"] = "bar-package",
        ["target"] = target,
    };

    [Theory]
    [InlineData("no vars", "'foo'", false, "foo")]
    [InlineData("repoDefault", "repoDefault", false, "foo-repo")]
    [InlineData("packageDefault", "packageDefault", false, "bar-package")]
    [InlineData("concat defaults", "packageDefault + '-' + repoDefault", false, "bar-package-foo-repo")]
    [InlineData("repositories target", "target.repo + '/' + target.package", false, "my-repo/my-package")]
    [InlineData("repository target", "target.name + '/' + target.labels['foo']", true, "my-repo-1/bar")]
    public void EvalExpr_PorchCases(string name, string expression, bool repositoryTarget, string expected)
    {
        _ = name;
        object target = repositoryTarget
            ? Repositories["my-repo-1"]
            : new Dictionary<string, object?> { ["repo"] = "my-repo", ["package"] = "my-package" };
        Assert.Equal(expected, TemplateExpression.Evaluate(expression, EvalInputs(target)));
    }

    [Fact]
    public void EvalExpr_BadVariable_CelUndeclaredReference() =>
        Assert.Equal("ERROR: <input>:1:1: undeclared reference to 'badvar' (in container '')\n | badvar\n | ^",
            Assert.Throws<TemplateExpressionException>(() => TemplateExpression.Evaluate("badvar", EvalInputs(null))).Message);

    [Fact]
    public void EvalExpr_MissingLabel_NoSuchKey() =>
        Assert.Equal("no such key: no-such-label",
            Assert.Throws<TemplateExpressionException>(() => TemplateExpression.Evaluate("target.name + '/' + target.labels['no-such-label']", EvalInputs(Repositories["my-repo-1"]))).Message);

    [Fact]
    public void EvalExpr_BadExpr_SyntaxErrorAtItsColumn() =>
        Assert.StartsWith("ERROR: <input>:1:1: Syntax error: ",
            Assert.Throws<TemplateExpressionException>(() => TemplateExpression.Evaluate("/", EvalInputs(null))).Message, StringComparison.Ordinal);

    public static TheoryData<string, Dictionary<string, string>, MapExpr[], Dictionary<string, string>> OverlayCases => new()
    {
        {
            "empty starting map", [],
            [new() { Key = "foo", Value = "bar" }, new() { KeyExpr = "repoDefault", Value = "barbar" }, new() { Key = "bar", ValueExpr = "packageDefault" }],
            new() { ["foo"] = "bar", ["foo-repo"] = "barbar", ["bar"] = "bar-package" }
        },
        {
            "static overlay", new() { ["foo"] = "bar", ["bar"] = "foo" },
            [new() { Key = "foo", Value = "new-bar" }, new() { Key = "foofoo", Value = "barbar" }],
            new() { ["foo"] = "new-bar", ["bar"] = "foo", ["foofoo"] = "barbar" }
        },
        {
            "exprs overlay", new() { ["foo"] = "bar", ["bar"] = "foo" },
            [new() { KeyExpr = "'foo'", Value = "new-bar" }, new() { Key = "bar", ValueExpr = "packageDefault" }],
            new() { ["foo"] = "new-bar", ["bar"] = "bar-package" }
        },
    };

    [Theory]
    [MemberData(nameof(OverlayCases))]
    public void CopyAndOverlayMapExpr_PorchCases(string name, Dictionary<string, string> map, MapExpr[] expressions, Dictionary<string, string> expected)
    {
        _ = name;
        var result = PackageVariantSetRendering.CopyAndOverlayMapExpr("f", map, [.. expressions], EvalInputs(null));
        Assert.Equal(expected.OrderBy(p => p.Key), result!.OrderBy(p => p.Key));
    }

    /// <summary>Porch's packageVariantName: identifiers up to 63 characters are names; longer ones keep 54 characters, '-' and 8 hex digits of their SHA-1 (computed independently).</summary>
    [Theory]
    [InlineData("web-fleet-edge-a-web", "web-fleet-edge-a-web")]
    [InlineData("a-very-long-package-variant-set-name-deployment-repository-package-name", "a-very-long-package-variant-set-name-deployment-reposi-7ceaceb2")]
    public void PackageVariantName_PorchRule(string id, string expected) =>
        Assert.Equal(expected, PackageVariantSetReconciler.PackageVariantName(id));
}
