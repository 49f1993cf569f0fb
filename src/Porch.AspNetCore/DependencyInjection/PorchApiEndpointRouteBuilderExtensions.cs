using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Porch.AspNetCore.Internal;
using Porch.Engine.Api;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps Porch's Kubernetes-style API.</summary>
public static class PorchApiEndpointRouteBuilderExtensions
{
    private const string Porch = "/apis/" + PorchApi.ApiVersion;
    private const string Config = "/apis/" + PorchApi.ConfigApiVersion;

    /// <summary>
    /// Maps discovery (<c>/version</c>, <c>/api</c>, <c>/apis</c>, OpenAPI), <c>porch.kpt.dev/v1alpha1</c>
    /// (packagerevisions with the approval subresource, packagerevisionresources, packages) and
    /// <c>config.porch.kpt.dev/v1alpha1</c> repositories and packagevariants (v1alpha2 packagevariantsets; they need
    /// <c>WithPackageVariants()</c>), core <c>v1</c> Namespaces and Secrets (kept in the engine's <c>ISecretStore</c>),
    /// with Kubernetes semantics (selectors, paging, patch, watch,
    /// Status errors, Table output). Needs <c>AddPorchEngine()</c>; watches need <c>WithWatch()</c>.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The group of all Porch endpoints, for conventions such as <c>RequireAuthorization()</c>.</returns>
    public static RouteGroupBuilder MapPorchApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("");
        api.MapGet("/version", () => KubeJson.Result(Discovery.Version()));
        api.MapGet("/api", () => KubeJson.Result(Discovery.CoreVersions()));
        api.MapGet("/api/v1", () => KubeJson.Result(Discovery.CoreResources()));
        MapCore(api);
        api.MapGet("/apis", () => KubeJson.Result(Discovery.Groups()));
        api.MapGet("/apis/" + PorchApi.Group, () => KubeJson.Result(Discovery.Group(PorchApi.Group)));
        api.MapGet("/apis/" + PorchApi.ConfigGroup, () => KubeJson.Result(Discovery.Group(PorchApi.ConfigGroup)));
        api.MapGet(Porch, () => KubeJson.Result(Discovery.PorchResources()));
        api.MapGet(Config, () => KubeJson.Result(Discovery.ConfigResources()));
        api.MapGet("/openapi/v3", () => KubeJson.Result(OpenApi.V3Root()));
        api.MapGet("/openapi/v3/apis/{group}/{version}", (string group, string version) =>
            OpenApi.V3Group(group, version) is { } document ? KubeJson.Result(document) : Results.NotFound());

        const string revisions = Porch + "/namespaces/{ns}/" + PorchApi.PackageRevisionsResource;
        api.MapGet(Porch + "/" + PorchApi.PackageRevisionsResource, AllNamespaces(h => PackageRevisionEndpoints.ListAsync(h, null)));
        api.MapGet(revisions, (HttpContext h, string ns) => PackageRevisionEndpoints.ListAsync(h, ns));
        api.MapPost(revisions, (HttpContext h, string ns) => PackageRevisionEndpoints.CreateAsync(h, ns));
        api.MapGet(revisions + "/{name}", (HttpContext h, string ns, string name) => PackageRevisionEndpoints.GetAsync(h, ns, name));
        api.MapPut(revisions + "/{name}", (HttpContext h, string ns, string name) => PackageRevisionEndpoints.ReplaceAsync(h, ns, name, approval: false));
        api.MapPatch(revisions + "/{name}", (HttpContext h, string ns, string name) => PackageRevisionEndpoints.PatchAsync(h, ns, name, approval: false));
        api.MapDelete(revisions + "/{name}", (HttpContext h, string ns, string name) => PackageRevisionEndpoints.DeleteAsync(h, ns, name));
        api.MapGet(revisions + "/{name}/approval", (HttpContext h, string ns, string name) => PackageRevisionEndpoints.GetAsync(h, ns, name));
        api.MapPut(revisions + "/{name}/approval", (HttpContext h, string ns, string name) => PackageRevisionEndpoints.ReplaceAsync(h, ns, name, approval: true));
        api.MapPatch(revisions + "/{name}/approval", (HttpContext h, string ns, string name) => PackageRevisionEndpoints.PatchAsync(h, ns, name, approval: true));

        const string resources = Porch + "/namespaces/{ns}/" + PorchApi.PackageRevisionResourcesResource;
        api.MapGet(Porch + "/" + PorchApi.PackageRevisionResourcesResource, AllNamespaces(h => PackageRevisionEndpoints.ListResourcesAsync(h, null)));
        api.MapGet(resources, (HttpContext h, string ns) => PackageRevisionEndpoints.ListResourcesAsync(h, ns));
        api.MapGet(resources + "/{name}", (HttpContext h, string ns, string name) => PackageRevisionEndpoints.GetResourcesAsync(h, ns, name));
        api.MapPut(resources + "/{name}", (HttpContext h, string ns, string name) => PackageRevisionEndpoints.ReplaceResourcesAsync(h, ns, name));
        api.MapPatch(resources + "/{name}", (HttpContext h, string ns, string name) => PackageRevisionEndpoints.PatchResourcesAsync(h, ns, name));

        const string packages = Porch + "/namespaces/{ns}/" + PorchApi.PackagesResource;
        api.MapGet(Porch + "/" + PorchApi.PackagesResource, AllNamespaces(h => PackageEndpoints.ListAsync(h, null)));
        api.MapGet(packages, (HttpContext h, string ns) => PackageEndpoints.ListAsync(h, ns));
        api.MapGet(packages + "/{name}", (HttpContext h, string ns, string name) => PackageEndpoints.GetAsync(h, ns, name));
        api.MapPost(packages, () => PackageEndpoints.NotSupported(PorchApi.PackageCreateNotSupportedMessage, null));
        api.MapPut(packages + "/{name}", (string name) => PackageEndpoints.NotSupported(PorchApi.PackageUpdateNotSupportedMessage, name));
        api.MapPatch(packages + "/{name}", (string name) => PackageEndpoints.NotSupported(PorchApi.PackageUpdateNotSupportedMessage, name));
        api.MapDelete(packages + "/{name}", (string name) => PackageEndpoints.NotSupported(PorchApi.PackageDeleteNotSupportedMessage, name));

        const string repositories = Config + "/namespaces/{ns}/" + PorchApi.RepositoriesResource;
        api.MapGet(Config + "/" + PorchApi.RepositoriesResource, AllNamespaces(h => RepositoryEndpoints.ListAsync(h, null)));
        api.MapGet(repositories, (HttpContext h, string ns) => RepositoryEndpoints.ListAsync(h, ns));
        api.MapPost(repositories, (HttpContext h, string ns) => RepositoryEndpoints.CreateAsync(h, ns));
        api.MapGet(repositories + "/{name}", (HttpContext h, string ns, string name) => RepositoryEndpoints.GetAsync(h, ns, name));
        api.MapPut(repositories + "/{name}", (HttpContext h, string ns, string name) => RepositoryEndpoints.ReplaceAsync(h, ns, name));
        api.MapPatch(repositories + "/{name}", (HttpContext h, string ns, string name) => RepositoryEndpoints.PatchAsync(h, ns, name));
        api.MapDelete(repositories + "/{name}", (HttpContext h, string ns, string name) => RepositoryEndpoints.DeleteAsync(h, ns, name));
        PackageVariantEndpoints.Map(api);
        return api;
    }

    /// <summary>Core v1 Namespaces (list, get, create) and Secrets (CRUD, kept in the host's <c>ISecretStore</c>).</summary>
    private static void MapCore(RouteGroupBuilder api)
    {
        api.MapGet("/api/v1/namespaces", AllNamespaces(NamespaceEndpoints.ListAsync));
        api.MapPost("/api/v1/namespaces", AllNamespaces(NamespaceEndpoints.CreateAsync));
        api.MapGet("/api/v1/namespaces/{name}", (HttpContext h, string name) => NamespaceEndpoints.GetAsync(h, name));
        const string secrets = "/api/v1/namespaces/{ns}/secrets";
        api.MapGet("/api/v1/secrets", AllNamespaces(h => SecretEndpoints.ListAsync(h, null)));
        api.MapGet(secrets, (HttpContext h, string ns) => SecretEndpoints.ListAsync(h, ns));
        api.MapPost(secrets, (HttpContext h, string ns) => SecretEndpoints.CreateAsync(h, ns));
        api.MapGet(secrets + "/{name}", (HttpContext h, string ns, string name) => SecretEndpoints.GetAsync(h, ns, name));
        api.MapPut(secrets + "/{name}", (HttpContext h, string ns, string name) => SecretEndpoints.ReplaceAsync(h, ns, name));
        api.MapPatch(secrets + "/{name}", (HttpContext h, string ns, string name) => SecretEndpoints.PatchAsync(h, ns, name));
        api.MapDelete(secrets + "/{name}", (HttpContext h, string ns, string name) => SecretEndpoints.DeleteAsync(h, ns, name));
    }

    /// <summary>A handler of the request alone, as a route handler whose result is written (not a RequestDelegate).</summary>
    private static Delegate AllNamespaces(Func<HttpContext, Task<IResult>> handler) => handler;
}
