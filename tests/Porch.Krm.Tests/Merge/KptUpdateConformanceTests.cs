using Porch.Krm;
using Porch.Krm.Merge;
using Porch.Tests.Shared;

namespace Porch.Krm.Tests.Merge;

/// <summary>Every case under ../shared/conformance/kpt-update, with the outcomes kpt and Porch assert for them.</summary>
public sealed class KptUpdateConformanceTests
{
    public static TheoryData<string> PorchUpdateFiles => new()
    {
        "namespace.yaml", "package-context.yaml", "resourcequota.yaml", "rolebinding.yaml", "update-rolebinding.yaml",
    };

    [Fact]
    public void PorchUpdate_ResourceMerge_ProducesEveryExpectedFileByteForByte()
    {
        var local = ReadTree(Conformance.PathOf("kpt-update", "porch-update", "local"));
        var original = ReadTree(Conformance.PathOf("kpt-update", "porch-update", "original"));
        var upstream = ReadTree(Conformance.PathOf("kpt-update", "porch-update", "upstream"));
        var expected = ReadTree(Conformance.PathOf("kpt-update", "porch-update", "updated"));

        var result = KptPackageUpdater.Update(local, original, upstream);

        // Porch's test compares every file but the Kptfile, whose expected text is not authoritative.
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), result.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, text) in expected)
        {
            if (path != "Kptfile")
            {
                Assert.Equal(text, result[path]);
            }
        }

        var kptfile = Kptfile.Parse(result["Kptfile"]);
        Assert.Equal("backend", kptfile.Name);
        Assert.Equal("basens/v0", kptfile.Upstream!.Git!.Ref);
        Assert.Equal(2, kptfile.Pipeline!.Mutators.Count);
        Assert.All(kptfile.Pipeline.Mutators, fn => Assert.Null(fn.Name));
    }

    [Theory]
    [InlineData("simple-conflict")]
    [InlineData("simple-subpackage-conflict")]
    public void Merge3_SimpleConflicts_UpstreamImageWins(string name)
    {
        var result = RunMerge3(name);
        var deployment = Object(result, "deployment.yaml");
        Assert.Equal("test-image:updated", deployment.GetString("spec", "template", "spec", "containers", "0", "image"));
        if (name == "simple-subpackage-conflict")
        {
            Assert.Contains("subpackage/cm.yaml", result.Keys);
            Assert.Contains("subpackage/Kptfile", result.Keys);
        }
    }

    [Theory]
    [InlineData("one-key-crd", "apple=20,grape=5,banana=3,pear=30")]
    [InlineData("one-key-crd-empty-orig", "apple=20,grape=5,banana=3,pear=30")]
    [InlineData("one-key-crd-empty-updated", "banana=3")]
    // Skipped upstream ("kyaml doesn't add the !!str tag"); this is the outcome kpt's test names for it.
    [InlineData("one-key-crd-empty-dest", "apple=20,pear=30")]
    // No schema: the list is not associative and the updated list replaces the local one as a whole.
    [InlineData("non-assoc-crd", "apple=20,grape=5,pear=30")]
    public void Merge3_FruitStore_MergesAsKptAsserts(string name, string fruits)
    {
        var result = RunMerge3(name);
        var store = Object(result, "fruitstore.yaml");
        Assert.Equal("10", store.GetString("spec", "preferredTemperature"));
        Assert.Equal(Parse(fruits), Fruits(store));
    }

    /// <summary>
    /// kpt skips these ("infer has been disabled"): without a schema and with inference off, the fruits list is not
    /// associative, so the updated list replaces the local one wholesale; the upstream temperature still wins.
    /// </summary>
    [Theory]
    [InlineData("infer-crd")]
    [InlineData("infer-crd-empty-orig")]
    [InlineData("infer-crd-empty-updated")]
    [InlineData("infer-crd-empty-dest")]
    public void Merge3_InferCases_ListTakenFromUpdatedAsWhole(string name)
    {
        var result = RunMerge3(name);
        var updated = Object(ReadMergeTestResources(name, "updated.yaml"), "fruitstore.yaml");
        var store = Object(result, "fruitstore.yaml");
        Assert.Equal("10", store.GetString("spec", "preferredTemperature"));
        Assert.Equal(Fruits(updated), Fruits(store));
    }

    [Theory]
    [InlineData(PackageMergeStrategy.ResourceMerge)]
    [InlineData(PackageMergeStrategy.FastForward)]
    [InlineData(PackageMergeStrategy.ForceDeleteReplace)]
    public void Datasets_UnchangedLocal_UpdatesToDataset2(PackageMergeStrategy strategy)
    {
        var v1 = WithKptfile(Dataset("dataset1"));
        var v2 = WithKptfile(Dataset("dataset2"));

        var result = KptPackageUpdater.Update(v1, v1, v2, strategy);

        AssertSameResources(v2, result);
    }

    [Fact]
    public void Datasets_LocalChanges_FastForwardRefusesWithKptMessage()
    {
        var v1 = WithKptfile(Dataset("dataset1"));
        var v2 = WithKptfile(Dataset("dataset2"));
        var local = WithKptfile(Dataset("dataset3"));

        var ex = Assert.Throws<PackageMergeException>(() => KptPackageUpdater.Update(local, v1, v2, PackageMergeStrategy.FastForward));

        Assert.Equal(
            "local package files have been modified: [java/java-deployment.resource.yaml java/java-service.resource.yaml mysql/mysql-statefulset.resource.yaml wordpress/wordpress-service.resource.yaml wordpress/wordpress-statefulset.resource.yaml].\n  use a different update --strategy.",
            ex.Message);
    }

    [Fact]
    public void Datasets_LocalChanges_ForceDeleteReplaceYieldsDataset2()
    {
        var v1 = WithKptfile(Dataset("dataset1"));
        var v2 = WithKptfile(Dataset("dataset2"));
        var local = WithKptfile(Dataset("dataset3"));

        var result = KptPackageUpdater.Update(local, v1, v2, PackageMergeStrategy.ForceDeleteReplace);

        AssertSameResources(v2, result);
    }

    private static void AssertSameResources(IReadOnlyDictionary<string, string> expected, IReadOnlyDictionary<string, string> actual)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, text) in expected)
        {
            if (path != "Kptfile")
            {
                Assert.Equal(KrmYaml.Format(text, path), actual[path]);
            }
        }
    }

    private static Dictionary<string, string> RunMerge3(string name)
    {
        var original = ReadMergeTestResources(name, "original.yaml");
        var updated = ReadMergeTestResources(name, "updated.yaml");
        var destination = ReadMergeTestResources(name, "destination.yaml");
        var crd = Conformance.PathOf("kpt-update", "merge3", name, "fruitstore.crd.yaml");
        if (File.Exists(crd))
        {
            // kpt's updater takes CRD schemas from the packages; the test supplies the CRD with the local package.
            destination["fruitstore.crd.yaml"] = File.ReadAllText(crd);
        }

        var result = new Dictionary<string, string>(KptPackageUpdater.Update(destination, original, updated), StringComparer.Ordinal);
        result.Remove("fruitstore.crd.yaml");
        return result;
    }

    internal static Dictionary<string, string> ReadMergeTestResources(string name, string file)
    {
        var obj = KubeObject.Parse(File.ReadAllText(Conformance.PathOf("kpt-update", "merge3", name, file)));
        Assert.Equal("MergeTestResources", obj.Kind);
        var resources = obj.GetNode("spec", "resources")!;
        return resources.Entries.ToDictionary(e => e.Key.Value, e => e.Value.Value, StringComparer.Ordinal);
    }

    private static KubeObject Object(IReadOnlyDictionary<string, string> files, string path) => KubeObject.Parse(files[path], path);

    private static Dictionary<string, int> Fruits(KubeObject store)
    {
        var list = store.GetNode("spec", "fruits")!;
        return list.Children.ToDictionary(f => f.Get("name")!.Value, f => int.Parse(f.Get("amount")!.Value, System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }

    private static Dictionary<string, int> Parse(string fruits) =>
        fruits.Split(',').Select(f => f.Split('=')).ToDictionary(p => p[0], p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);

    private static Dictionary<string, string> Dataset(string name) => ReadTree(Conformance.PathOf("kpt-update", "datasets", name));

    /// <summary>kpt's update test adds a Kptfile to each dataset tree.</summary>
    private static Dictionary<string, string> WithKptfile(Dictionary<string, string> files)
    {
        files["Kptfile"] = "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: app\n";
        return files;
    }

    internal static Dictionary<string, string> ReadTree(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);
}
