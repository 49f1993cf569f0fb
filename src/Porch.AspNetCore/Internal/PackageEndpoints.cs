using Microsoft.AspNetCore.Http;
using Porch.Engine.Api;
using Porch.Engine.Repositories;

namespace Porch.AspNetCore.Internal;

/// <summary>packages (PorchPackage): read-only; writes answer 405 with Porch's messages.</summary>
internal static class PackageEndpoints
{
    private const string Kind = "packages";

    public static Task<IResult> ListAsync(HttpContext http, string? ns) => PackageRevisionEndpoints.Guard(http, Kind, null, async request =>
    {
        if (request.IsWatch)
        {
            return KubeStatus.Failure(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", PorchApi.Group, Kind, null);
        }

        var filter = FieldSelectors.ParsePackageFilter(ns, request.Query("fieldSelector"));
        var version = request.ListVersion();
        var items = await request.Engine.ListPackagesAsync(filter, request.Aborted).ConfigureAwait(false);
        var (page, next, remaining) = Paging.Apply(items, request);
        if (request.WantsTable)
        {
            var table = Tables.Packages(page, version);
            PackageRevisionEndpoints.SetContinue(table, next, remaining);
            return KubeJson.Result(table);
        }

        var list = new PorchPackageList { Items = [.. page], Metadata = new ListMeta { ResourceVersion = version, Continue = next, RemainingItemCount = remaining } };
        return KubeJson.Result(list, PorchJsonContext.Default.PorchPackageList);
    });

    public static Task<IResult> GetAsync(HttpContext http, string ns, string name) => PackageRevisionEndpoints.Guard(http, Kind, name, async request =>
    {
        var package = await request.Engine.GetPackageAsync(ns, name, request.Aborted).ConfigureAwait(false);
        return request.WantsTable ? KubeJson.Result(Tables.Packages([package], null)) : KubeJson.Result(package, PorchJsonContext.Default.PorchPackage);
    });

    public static IResult NotSupported(string message, string? name) =>
        KubeStatus.Failure(405, "MethodNotAllowed", message, PorchApi.Group, Kind, name);
}
