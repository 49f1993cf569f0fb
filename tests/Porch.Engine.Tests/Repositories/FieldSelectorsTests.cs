using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;

namespace Porch.Engine.Tests.Repositories;

public sealed class FieldSelectorsTests
{
    [Fact]
    public void PackageRevision_AllFields()
    {
        var f = FieldSelectors.ParsePackageRevisionFilter(
            "ns",
            "metadata.name=r.p.v1,spec.repository==r,spec.packageName=net/vpc,spec.workspaceName=v1,spec.revision=v3,spec.lifecycle=Published,spec.packageMetadata.labels[team]=a",
            "app=web");
        Assert.Equal(("ns", "r.p.v1", "r", "net/vpc", "v1", (int?)3), (f.Namespace, f.Name, f.Repository, f.PackageName, f.WorkspaceName, f.Revision));
        Assert.Equal([PackageRevisionLifecycle.Published], f.Lifecycles!);
        Assert.Equal("a", f.KptfileLabels!["team"]);
        Assert.Equal("app=web", f.Labels!.Text);
    }

    [Fact]
    public void Revision_Zero_MatchesEverything() => Assert.Null(FieldSelectors.ParsePackageRevisionFilter(null, "spec.revision=0", null).Revision);

    [Fact]
    public void Namespace_FromSelectorWhenPathHasNone() => Assert.Equal("b", FieldSelectors.ParsePackageRevisionFilter(null, "metadata.namespace=b", null).Namespace);

    [Theory]
    [InlineData("spec.repository!=x", "unsupported fieldSelector operator \"!=\" for field \"spec.repository\"")]
    [InlineData("spec.repository=", "unsupported fieldSelector value \"\" for field \"spec.repository\" with operator \"=\"")]
    [InlineData("spec.unknown=x", "unknown fieldSelector field \"spec.unknown\"")]
    [InlineData("spec.packageMetadata.labels[]=x", "label key cannot be empty in field selector \"spec.packageMetadata.labels[]\"")]
    [InlineData("spec.lifecycle=Final", "unsupported fieldSelector value \"Final\" for field \"spec.lifecycle\"")]
    [InlineData("spec.lifecycle=1", "unsupported fieldSelector value \"1\" for field \"spec.lifecycle\"")]
    [InlineData("metadata.namespace=other", "conflicting namespaces specified: \"ns\" and \"other\"")]
    public void PackageRevision_Invalid(string selector, string message)
    {
        var ex = Assert.Throws<PackageValidationException>(() => FieldSelectors.ParsePackageRevisionFilter("ns", selector, null));
        Assert.Equal(message, ex.Message);
        Assert.Equal(400, ex.HttpStatusCode);
    }

    [Fact]
    public void Package_FieldsAndUnknown()
    {
        var f = FieldSelectors.ParsePackageFilter("ns", "spec.repository=r,spec.packageName=p,metadata.name=r.p");
        Assert.Equal(("ns", "r", "p", "r.p"), (f.Namespace, f.Repository, f.PackageName, f.Name));
        var ex = Assert.Throws<PackageValidationException>(() => FieldSelectors.ParsePackageFilter("ns", "spec.workspaceName=v1"));
        Assert.Equal("unknown fieldSelector field \"spec.workspaceName\"", ex.Message);
    }
}
