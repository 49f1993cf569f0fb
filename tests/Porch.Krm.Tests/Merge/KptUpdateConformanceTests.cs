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

    /// <summary>Every folder under conformance/kpt-update/merge3: a case added there runs with no change here.</summary>
    public static TheoryData<string> Merge3Cases() => Folders("merge3");

    /// <summary>Every ordered pair of folders under conformance/kpt-update/datasets, with each strategy.</summary>
    public static TheoryData<string, string, PackageMergeStrategy> DatasetPairs()
    {
        var data = new TheoryData<string, string, PackageMergeStrategy>();
        var names = FolderNames("datasets");
        foreach (var from in names)
        {
            foreach (var to in names)
            {
                foreach (var strategy in new[] { PackageMergeStrategy.ResourceMerge, PackageMergeStrategy.FastForward, PackageMergeStrategy.ForceDeleteReplace })
                {
                    data.Add(from, to, strategy);
                }
            }
        }

        return data;
    }

    /// <summary>
    /// kpt's three-way merge rule (pkg/lib/update/merge3, kyaml merge3 "Walker"): where the destination still holds the
    /// original's value of a scalar field and the updated package changed it, the updated value wins; a case that
    /// cannot be read or merged fails naming the case.
    /// </summary>
    [Theory]
    [MemberData(nameof(Merge3Cases))]
    public void Merge3_EveryCase_UpstreamChangeWinsWhereLocalIsUnchanged(string name)
    {
        var original = ReadMergeTestResources(name, "original.yaml");
        var updated = ReadMergeTestResources(name, "updated.yaml");
        var destination = ReadMergeTestResources(name, "destination.yaml");
        var result = RunMerge3(name);
        var checkedFields = 0;
        foreach (var (path, updatedText) in updated)
        {
            if (path.EndsWith("Kptfile", StringComparison.Ordinal) || !original.TryGetValue(path, out var originalText) || !destination.TryGetValue(path, out var destinationText))
            {
                continue;
            }

            Assert.True(result.ContainsKey(path), $"{name}: {path} is in all three packages but not in the result");
            var leaves = new List<(string Path, string? Original, string? Destination, string? Updated, string? Result)>();
            Leaves("", Object(original, path).Root, Object(destination, path).Root, Object(updated, path).Root, Object(result, path).Root, leaves);
            foreach (var leaf in leaves.Where(l => l.Original == l.Destination && l.Updated != l.Original && l.Updated is not null))
            {
                checkedFields++;
                Assert.True(leaf.Updated == leaf.Result, $"{name}: {path} {leaf.Path}: expected the upstream value {leaf.Updated}, got {leaf.Result}");
            }
        }

        Assert.True(result.Count > 0, $"{name}: the merge produced no files");
        _ = checkedFields;
    }

    /// <summary>kpt's update_test.go rule for every dataset pair: with the local package unchanged from the original, every strategy yields the updated package.</summary>
    [Theory]
    [MemberData(nameof(DatasetPairs))]
    public void Datasets_EveryPair_UnchangedLocalYieldsUpdated(string from, string to, PackageMergeStrategy strategy)
    {
        var original = WithKptfile(Dataset(from));
        var updated = WithKptfile(Dataset(to));

        var result = KptPackageUpdater.Update(original, original, updated, strategy);

        // Same files and the same content; resource-merge may keep the local package's field order.
        Assert.Equal(updated.Keys.Order(StringComparer.Ordinal), result.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, text) in updated.Where(f => f.Key != "Kptfile"))
        {
            Assert.Equal(Canonical(KrmYaml.ReadDocuments(text, path)), Canonical(KrmYaml.ReadDocuments(result[path], path)));
        }
    }

    private static string Canonical(IReadOnlyList<YamlDocument> docs) => string.Join("\n---\n", docs.Select(d => Canonical(d.Root)));

    private static string Canonical(YamlNode node) => node.Kind switch
    {
        YamlNodeKind.Mapping => "{" + string.Join(",", node.Entries.OrderBy(e => e.Key.Value, StringComparer.Ordinal).Select(e => e.Key.Value + ":" + Canonical(e.Value))) + "}",
        YamlNodeKind.Sequence => "[" + string.Join(",", node.Children.Select(Canonical)) + "]",
        _ => node.IsNull ? "null" : "'" + node.Value + "'",
    };

    private static TheoryData<string> Folders(string suite)
    {
        var data = new TheoryData<string>();
        foreach (var name in FolderNames(suite))
        {
            data.Add(name);
        }

        return data;
    }

    private static List<string> FolderNames(string suite) =>
        Directory.GetDirectories(Conformance.PathOf("kpt-update", suite)).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToList();

    /// <summary>The scalar leaves under mapping keys, by path, in the four trees (sequences are compared as whole values).</summary>
    private static void Leaves(string path, YamlNode? o, YamlNode? d, YamlNode? u, YamlNode? r, List<(string, string?, string?, string?, string?)> leaves)
    {
        if (o?.Kind == YamlNodeKind.Mapping && d?.Kind == YamlNodeKind.Mapping && u?.Kind == YamlNodeKind.Mapping)
        {
            foreach (var (key, value) in u.Entries)
            {
                Leaves(path + "." + key.Value, o.Get(key.Value), d.Get(key.Value), value, r?.Kind == YamlNodeKind.Mapping ? r.Get(key.Value) : null, leaves);
            }

            return;
        }

        if (o?.Kind == YamlNodeKind.Scalar && d?.Kind == YamlNodeKind.Scalar && u?.Kind == YamlNodeKind.Scalar)
        {
            leaves.Add((path, o.Value, d.Value, u.Value, r?.Kind == YamlNodeKind.Scalar ? r.Value : null));
        }
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
