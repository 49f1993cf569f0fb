using System.Globalization;
using Porch.Krm;

namespace Porch.Functions.Grpc.Tests.Infrastructure;

/// <summary>KRM objects and ResourceLists for the tests.</summary>
internal static class Resources
{
    public static KubeObject ConfigMap(string name, string value, string path = "cm.yaml") => KubeObject.Parse($"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
          annotations:
            config.kubernetes.io/path: {path}
            internal.config.kubernetes.io/path: {path}
        data:
          value: "{value}"
        """);

    /// <summary>A ResourceList of <paramref name="count"/> ConfigMaps, each holding <paramref name="valueLength"/> characters.</summary>
    public static ResourceList List(int count, int valueLength = 16, KubeObject? functionConfig = null)
    {
        var list = new ResourceList { FunctionConfig = functionConfig };
        var value = new string('v', valueLength);
        for (var i = 0; i < count; i++)
        {
            list.Items.Add(ConfigMap("cm-" + i.ToString(CultureInfo.InvariantCulture), value, "cm-" + i.ToString(CultureInfo.InvariantCulture) + ".yaml"));
        }

        return list;
    }

    /// <summary>A list whose YAML is about <paramref name="bytes"/> long, in 64 KiB items.</summary>
    public static ResourceList OfSize(int bytes)
    {
        const int chunk = 64 * 1024;
        var list = List(bytes / chunk, chunk - 200);
        var rest = bytes - list.ToYaml().Length - 300;
        if (rest > 0)
        {
            list.Items.Add(ConfigMap("rest", new string('r', rest), "rest.yaml"));
        }

        return list;
    }

    public static KubeObject Config(string key, string value) => KubeObject.Parse($"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: fn-config
        data:
          {key}: "{value}"
        """);
}
