using Microsoft.Extensions.Logging.Abstractions;
using Porch.Krm;
using Porch.Krm.Functions;
using Porch.Krm.Rendering;

namespace Porch.Krm.Tests.Rendering;

/// <summary>
/// A function the renderer runs in place (<see cref="IInPlaceFunctionRunner"/>) renders exactly as the same function
/// run on copies: kpt's comment and key-order restore reads the input as it was before the function, and a failure
/// leaves the resources as the previous step left them.
/// </summary>
public sealed class InPlaceFunctionTests
{
    private const string Resource = """
        # head of the document
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: cm # the name
          labels:
            b: "2" # b's comment
            a: "1"
        data:
          # k1's head
          k1: v1
          k2: v2 # k2's comment
          k3: v3
        list:
        - one # first
        - two
        - # head of three
          three
        - four
        containers:
        - name: app # app's comment
          image: app:v1
        - name: side
          image: side:v1
        """;

    private static Dictionary<string, string> Package(string pipeline, string annotations = "") => new(StringComparer.Ordinal)
    {
        ["Kptfile"] = "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: app\n" + annotations + "pipeline:\n  mutators:\n" + pipeline,
        ["cm.yaml"] = Resource + "\n",
        ["second.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: second\ndata:\n  # x's head\n  x: \"1\"\n",
    };

    /// <summary>Moves unnamed items forward, reorders and renames keys, drops comments and replaces nodes: every way a function can disturb what the restore matches on.</summary>
    private static ResourceList Disturb(ResourceList list)
    {
        foreach (var item in list.Items.Where(i => i.Name == "cm"))
        {
            var root = item.Root;
            root.Get("list")!.Children.RemoveAt(0);
            root.Get("list")!.Children[0].LineComment = null;

            var data = root.Get("data")!;
            var (k1, v1) = (data.Children[0], data.Children[1]);
            data.Children.RemoveAt(0);
            data.Children.RemoveAt(0);
            data.Children.Add(k1);
            data.Children.Add(v1);
            data.Children[0].LineComment = null;
            data.Set("k3", YamlNode.String("replaced"));

            var metadata = root.Get("metadata")!;
            metadata.Get("labels")!.Children[0].Value = "c";
            metadata.Children[1] = YamlNode.String("cm");
            metadata.Children[1].LineComment = "";

            var containers = root.Get("containers")!;
            (containers.Children[0], containers.Children[1]) = (containers.Children[1], containers.Children[0]);
            containers.Children[1].Get("image")!.Value = "app:v2";
            item.Document.HeadComment = null;
        }

        foreach (var item in list.Items.Where(i => i.Name == "second"))
        {
            var data = item.Root.Get("data")!;
            data.Remove("x");
            data.Set("x", YamlNode.String("2"));
            data.Set("y", YamlNode.String("3"));
        }

        return list;
    }

    /// <summary>Adds the label <c>tier: web</c> to every resource.</summary>
    private static ResourceList Label(ResourceList list)
    {
        foreach (var item in list.Items)
        {
            item.SetNode(YamlNode.String("web"), "metadata", "labels", "tier");
        }

        return list;
    }

    private static async Task<(PackageRenderResult InPlace, PackageRenderResult Copied, List<string> Calls)> RenderBothAsync(
        Dictionary<string, string> files, Func<ResourceList, ResourceList> edit, params (string Name, Func<ResourceList, ResourceList> Fn)[] others)
    {
        var runtime = new DelegateFunctionRuntime().AddInPlace("edit", edit);
        foreach (var (name, fn) in others)
        {
            runtime.AddInPlace(name, fn);
        }

        var inPlace = await new KptPackageRenderer([runtime], NullLogger<KptPackageRenderer>.Instance).RenderAsync(files);
        var calls = runtime.Calls.ToList();
        var copied = await new KptPackageRenderer([new DelegateFunctionRuntime.Copying(runtime)], NullLogger<KptPackageRenderer>.Instance).RenderAsync(files);
        return (inPlace, copied, calls);
    }

    private static void AssertSameFiles(PackageRenderResult expected, PackageRenderResult actual)
    {
        Assert.Equal(expected.Error, actual.Error);
        Assert.Equal(expected.Files.Keys.Order(StringComparer.Ordinal), actual.Files.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, text) in expected.Files)
        {
            Assert.Equal(text, actual.Files[path]);
        }
    }

    [Fact]
    public async Task Render_InPlaceFunctionDisturbsCommentsAndOrder_SameBytesAsTheFunctionOnCopies()
    {
        var (inPlace, copied, calls) = await RenderBothAsync(Package("    - image: edit:v1\n"), Disturb);

        Assert.Equal(["edit (in place)"], calls);
        Assert.True(copied.Succeeded, copied.Error);
        AssertSameFiles(copied, inPlace);

        // The restore did run: the dropped comments came back from the input, and k1 stays before k2 as in the input.
        var cm = inPlace.Files["cm.yaml"];
        Assert.Contains("# head of the document", cm, StringComparison.Ordinal);
        Assert.Contains("name: cm # the name", cm, StringComparison.Ordinal);
        Assert.True(cm.IndexOf("k1: v1", StringComparison.Ordinal) < cm.IndexOf("k2: v2", StringComparison.Ordinal), cm);
    }

    [Fact]
    public async Task Render_TwoInPlaceFunctionsInARow_SameBytesAsOnCopies()
    {
        var (inPlace, copied, _) = await RenderBothAsync(Package("    - image: edit:v1\n    - image: label:v1\n    - image: edit:v1\n"), Disturb, ("label", Label));

        Assert.True(copied.Succeeded, copied.Error);
        AssertSameFiles(copied, inPlace);
    }

    [Fact]
    public async Task Render_InPlaceFunctionDropsAddsAndRepeatsItems_SameBytesAsOnCopies()
    {
        static ResourceList Regroup(ResourceList list)
        {
            var output = new ResourceList();
            var cm = list.Items.Single(i => i.Name == "cm");
            cm.Root.Get("data")!.Remove("k2");
            output.Items.Add(cm);
            var made = KubeObject.Create("v1", "ConfigMap", "made");
            made.SetAnnotation(KrmAnnotations.Path, "made.yaml");
            output.Items.Add(made);
            return output;
        }

        var (inPlace, copied, _) = await RenderBothAsync(Package("    - image: edit:v1\n"), Regroup);

        Assert.True(copied.Succeeded, copied.Error);
        AssertSameFiles(copied, inPlace);
        Assert.False(inPlace.Files.ContainsKey("second.yaml"));
        Assert.Contains("name: made", inPlace.Files["made.yaml"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_InPlaceFunctionFailsAfterChanging_ChangesUndone_SavedResourcesAsThePreviousStepLeftThem()
    {
        static ResourceList ChangeThenFail(ResourceList list)
        {
            Disturb(list);
            foreach (var item in list.Items)
            {
                item.Document.Root = YamlNode.Mapping();
            }

            throw new FunctionEvaluationException("failed half-way");
        }

        var files = Package("    - image: edit:v1\n    - image: fail:v1\n", "  annotations:\n    kpt.dev/save-on-render-failure: \"true\"\n");
        var (inPlace, copied, calls) = await RenderBothAsync(files, Label, ("fail", ChangeThenFail));

        Assert.Equal(["edit (in place)", "fail (in place)"], calls);
        Assert.False(inPlace.Succeeded);
        AssertSameFiles(copied, inPlace);
        var cm = inPlace.Files["cm.yaml"];
        Assert.Contains("tier: web", cm, StringComparison.Ordinal);
        Assert.Contains("- one # first", cm, StringComparison.Ordinal);
        Assert.Contains("k3: v3", cm, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_InPlaceFunctionChangesPathAnnotation_ReconciledAsOnCopies()
    {
        static ResourceList Move(ResourceList list)
        {
            foreach (var item in list.Items.Where(i => i.Name == "second"))
            {
                item.SetAnnotation(KrmAnnotations.Path, "moved.yaml");
            }

            return list;
        }

        var (inPlace, copied, _) = await RenderBothAsync(Package("    - image: edit:v1\n"), Move);

        Assert.True(copied.Succeeded, copied.Error);
        AssertSameFiles(copied, inPlace);
        Assert.True(inPlace.Files.ContainsKey("moved.yaml"));
    }

    /// <summary>
    /// kpt pairs a list element with the first element of its name, so a repeated name takes the first one's comments
    /// and key order even where the function changed nothing: the in-place walk does the same.
    /// </summary>
    [Fact]
    public async Task Render_RepeatedElementNamesUnchangedByTheFunction_SameBytesAsOnCopies()
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Kptfile"] = "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: app\npipeline:\n  mutators:\n    - image: edit:v1\n    - image: edit:v1\n",
            ["pod.yaml"] = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app # first app\n    image: a:v1 # first image\n  - image: a:v2\n    name: app\n  - name: other\n",
        };

        var (inPlace, copied, _) = await RenderBothAsync(files, Label);

        Assert.True(copied.Succeeded, copied.Error);
        AssertSameFiles(copied, inPlace);
        Assert.Contains("  - name: app # first app\n    image: a:v2 # first image\n", inPlace.Files["pod.yaml"], StringComparison.Ordinal);
    }
}
