using System.Text.Json.Nodes;
using Porch.Engine.Api;

namespace Porch.AspNetCore.Internal;

/// <summary>The discovery documents kubectl reads: /version, /api, /apis and one resource list per group version.</summary>
internal static class Discovery
{
    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.0-porch-dotnet",
        ["gitCommit"] = "",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "dotnet10",
        ["compiler"] = "dotnet",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions() => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = "" }),
    };

    /// <summary>The core resources served: Namespaces (cluster-scoped) and Secrets.</summary>
    public static JsonObject CoreResources()
    {
        var namespaces = Resource("namespaces", "namespace", "Namespace", ["create", "get", "list"]);
        namespaces["namespaced"] = false;
        namespaces["shortNames"] = new JsonArray("ns");
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["groupVersion"] = "v1",
            ["resources"] = new JsonArray(namespaces, Resource("secrets", "secret", "Secret", ["create", "delete", "get", "list", "patch", "update"])),
        };
    }

    public static JsonObject Groups() => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(Group(PorchApi.Group), Group(PorchApi.ConfigGroup)),
    };

    public static JsonObject Group(string name)
    {
        JsonObject Version(string version = PorchApi.Version) => new() { ["groupVersion"] = name + "/" + version, ["version"] = version };
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = name,
            // config.porch.kpt.dev also serves PackageVariantSets in v1alpha2.
            ["versions"] = name == PorchApi.ConfigGroup ? new JsonArray(Version(), Version("v1alpha2")) : new JsonArray(Version()),
            ["preferredVersion"] = Version(),
        };
    }

    public static JsonObject PorchResources() => ResourceList(
        PorchApi.ApiVersion,
        Resource(PorchApi.PackageRevisionsResource, "packagerevision", PorchApi.PackageRevisionKind, ["create", "delete", "get", "list", "patch", "update", "watch"]),
        Resource(PorchApi.PackageRevisionsResource + "/approval", "", PorchApi.PackageRevisionKind, ["get", "patch", "update"]),
        Resource(PorchApi.PackageRevisionResourcesResource, "packagerevisionresources", PorchApi.PackageRevisionResourcesKind, ["get", "list", "patch", "update"]),
        Resource(PorchApi.PackagesResource, "package", PorchApi.PorchPackageKind, ["get", "list"]));

    public static JsonObject ConfigResources()
    {
        var repositories = Resource(PorchApi.RepositoriesResource, "repository", PorchApi.RepositoryKind, ["create", "delete", "get", "list", "patch", "update", "watch"]);
        repositories["shortNames"] = new JsonArray("repo");
        return ResourceList(
            PorchApi.ConfigApiVersion,
            repositories,
            Resource(PorchApi.RepositoriesResource + "/status", "", PorchApi.RepositoryKind, ["get", "patch", "update"]),
            Resource("packagevariants", "packagevariant", "PackageVariant", ["create", "delete", "get", "list", "patch", "update", "watch"]),
            Resource("packagevariants/status", "", "PackageVariant", ["get", "patch", "update"]));
    }

    /// <summary>config.porch.kpt.dev/v1alpha2: PackageVariantSets.</summary>
    public static JsonObject PackageVariantSetResources() => ResourceList(
        PorchApi.ConfigGroup + "/v1alpha2",
        Resource("packagevariantsets", "packagevariantset", "PackageVariantSet", ["create", "delete", "get", "list", "patch", "update", "watch"]),
        Resource("packagevariantsets/status", "", "PackageVariantSet", ["get", "patch", "update"]));

    private static JsonObject ResourceList(string groupVersion, params JsonObject[] resources) => new()
    {
        ["kind"] = "APIResourceList",
        ["apiVersion"] = "v1",
        ["groupVersion"] = groupVersion,
        ["resources"] = new JsonArray(resources),
    };

    private static JsonObject Resource(string name, string singular, string kind, string[] verbs) => new()
    {
        ["name"] = name,
        ["singularName"] = singular,
        ["namespaced"] = true,
        ["kind"] = kind,
        ["verbs"] = new JsonArray(verbs.Select(v => (JsonNode)v).ToArray()),
    };
}
