using Porch.Krm;

namespace Porch.Functions.Builtin.Tests;

/// <summary>
/// The KRM functions SDK sorts a function's output by <c>apiVersion + " " + kind + " " + namespace + " " + name</c>
/// (KubeObjects.Less) as text; the runner compares the four fields as that text without building it.
/// </summary>
public sealed class SdkSortTests
{
    [Fact]
    public void SdkSort_OrdersAsTheJoinedKeyText_EqualKeysKeepTheirOrder()
    {
        string[] apiVersions = ["v1", "v1beta1", "apps/v1", "a", "a b", ""];
        string[] kinds = ["ConfigMap", "Config", "C", "", "Kind x"];
        string[] namespaces = ["", "ns", "n", "ns a"];
        string[] names = ["a", "", "a!", "a b", "b"];
        var random = new Random(7);
        var items = new List<KubeObject>();
        for (var i = 0; i < 400; i++)
        {
            var obj = KubeObject.Parse("apiVersion: x\nkind: x\nmetadata:\n  name: x\n");
            obj.Root.SetString("apiVersion", apiVersions[random.Next(apiVersions.Length)]);
            obj.Root.SetString("kind", kinds[random.Next(kinds.Length)]);
            var metadata = obj.Root.Get("metadata")!;
            metadata.SetString("name", names[random.Next(names.Length)]);
            if (namespaces[random.Next(namespaces.Length)] is { Length: > 0 } ns)
            {
                metadata.SetString("namespace", ns);
            }

            metadata.SetString("position", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            items.Add(obj);
        }

        var expected = items.OrderBy(o => o.ApiVersion + " " + o.Kind + " " + o.Namespace + " " + o.Name, StringComparer.Ordinal).ToList();

        var actual = BuiltinFunctionRunner.SdkSort(items);

        Assert.Equal(expected, actual);
    }
}
