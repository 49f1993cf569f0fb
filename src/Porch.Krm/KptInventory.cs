namespace Porch.Krm;

/// <summary>Kptfile <c>inventory</c> (used by <c>kpt live</c>).</summary>
public sealed class KptInventory
{
    /// <summary><c>namespace</c>.</summary>
    public string? Namespace { get; set; }

    /// <summary><c>name</c>.</summary>
    public string? Name { get; set; }

    /// <summary><c>inventoryID</c>.</summary>
    public string? InventoryId { get; set; }

    /// <summary><c>labels</c>.</summary>
    public IDictionary<string, string> Labels { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary><c>annotations</c>.</summary>
    public IDictionary<string, string> Annotations { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    internal static KptInventory? Read(YamlNode? node, Kptfile.StrictReader reader)
    {
        if (node is null || node.IsNull)
        {
            return null;
        }

        reader.Fields(node, "v1.Inventory", ["namespace", "name", "inventoryID", "labels", "annotations"]);
        var inventory = new KptInventory
        {
            Namespace = Kptfile.StrictReader.Str(node, "namespace"),
            Name = Kptfile.StrictReader.Str(node, "name"),
            InventoryId = Kptfile.StrictReader.Str(node, "inventoryID"),
        };
        Kptfile.StrictReader.Map(node, "labels", inventory.Labels);
        Kptfile.StrictReader.Map(node, "annotations", inventory.Annotations);
        return inventory;
    }

    internal YamlNode ToNode()
    {
        var map = YamlNode.Mapping();
        Kptfile.SetIf(map, "namespace", Namespace);
        Kptfile.SetIf(map, "name", Name);
        Kptfile.SetIf(map, "inventoryID", InventoryId);
        Kptfile.SetMap(map, "labels", Labels);
        Kptfile.SetMap(map, "annotations", Annotations);
        return map;
    }
}
