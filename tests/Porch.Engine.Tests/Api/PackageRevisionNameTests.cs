using Porch.Engine.Api;
using Porch.Engine.Errors;

namespace Porch.Engine.Tests.Api;

public sealed class PackageRevisionNameTests
{
    private const string LabelError =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    [Theory]
    [InlineData("blueprints", "network", "vpc", "ws1", "blueprints.network.vpc.ws1")]
    [InlineData("blueprints", "", "basens", "v1", "blueprints.basens.v1")]
    [InlineData("r", "a/b/c", "d", "main", "r.a.b.c.d.main")]
    [InlineData("r", "/a//b/", "d", "ws", "r.a.b.d.ws")]
    [InlineData("", "a", "d", "ws", "")]
    [InlineData("r", "a", "", "ws", "")]
    [InlineData("r", "a", "d", "", "")]
    public void Compose_Parts_GivesPorchName(string repo, string path, string package, string workspace, string expected)
    {
        Assert.Equal(expected, PackageRevisionName.Compose(repo, path, package, workspace));
    }

    [Fact]
    public void Compose_PackageName_SplitsAtLastSlash()
    {
        Assert.Equal("blueprints.network.vpc.ws1", PackageRevisionName.Compose("blueprints", "network/vpc", "ws1"));
        Assert.Equal("blueprints.network.vpc", PackageRevisionName.ComposePackageName("blueprints", "network", "vpc"));
        Assert.Equal("", PackageRevisionName.ComposePackageName("blueprints", "network", ""));
    }

    [Fact]
    public void Parse_NestedName_SplitsRepoPathPackageWorkspace()
    {
        var key = PackageRevisionName.Parse("team-a", "blueprints.network.sub.vpc.ws1");

        Assert.Equal("team-a", key.Repository.Namespace);
        Assert.Equal("blueprints", key.Repository.Name);
        Assert.Equal("network/sub", key.Package.Path);
        Assert.Equal("vpc", key.Package.Package);
        Assert.Equal("ws1", key.WorkspaceName);
        Assert.Equal(0, key.Revision);
        Assert.Equal("blueprints.network.sub.vpc.ws1", key.ObjectName);
    }

    [Theory]
    [InlineData("repo.pkg.v1.2", "pkg", "v1.2")]
    [InlineData("repo.pkg.v1", "pkg", "v1")]
    [InlineData("repo.a.pkg.v1.2.3", "pkg", "v1.2.3")]
    [InlineData("repo.pkg.v1.x", "v1", "x")]
    public void Parse_LegacySemverWorkspace_KeepsDots(string name, string package, string workspace)
    {
        var key = PackageRevisionName.Parse("ns", name);

        Assert.Equal(package, key.Package.Package);
        Assert.Equal(workspace, key.WorkspaceName);
    }

    [Theory]
    [InlineData("a.b.c", "c")]
    [InlineData("a.b.v2.0", "v2.0")]
    [InlineData("a.b.v2.", "")]
    [InlineData("noseparator", "")]
    public void GetWorkspaceName_Name_FollowsLegacyRule(string name, string expected)
    {
        Assert.Equal(expected, PackageRevisionName.GetWorkspaceName(name));
    }

    [Fact]
    public void Parse_BadWorkspace_ThrowsPorchMessage()
    {
        var ex = Assert.Throws<PackageValidationException>(() => PackageRevisionName.Parse("ns", "repo.pkg.Bad_WS"));

        Assert.Equal(
            "package revision kubernetes resource name invalid:\n" +
            "workspace name part \"Bad_WS\" of package revision name invalid\n" +
            "workspace name Bad_WS invalid: " + LabelError + "\n",
            ex.Message);
        Assert.Equal(PorchErrorCode.Validation, ex.ErrorCode);
    }

    [Fact]
    public void TryParse_RepoAndPackageOnly_ReportsEmptyPackage()
    {
        var ok = PackageRevisionName.TryParse("ns", "repo.pkg", out _, out var error);

        Assert.False(ok);
        Assert.Equal(
            "package revision kubernetes resource name invalid:\n" +
            "package name part \"\" of object name invalid\n" +
            "package name  invalid: " + LabelError + "\n",
            error);
    }

    [Fact]
    public void Validate_AllPartsBad_ListsEachPartInOrder()
    {
        var error = PackageRevisionName.Validate("Repo", "a//b", "P", "w.s");

        Assert.Equal(
            "package revision kubernetes resource name invalid:\n" +
            "repository part \"Repo\" of object name invalid\n" +
            "repository name Repo invalid: " + LabelError + "\n" +
            "package path part \"a//b\" of object name invalid\n" +
            "path a//b invalid: consecutive '/' characters are not allowed\n" +
            "package name part \"P\" of object name invalid\n" +
            "package name P invalid: " + LabelError + "\n" +
            "workspace name part \"w.s\" of package revision name invalid\n" +
            "workspace name w.s invalid: must not contain dots\n",
            error);
    }

    [Fact]
    public void Validate_NameLongerThanSubdomain_ReportsCompleteName()
    {
        var part = new string('a', 63);

        var error = PackageRevisionName.Validate(part, part, part, part);

        var name = string.Join('.', part, part, part, part);
        Assert.Equal(
            "package revision kubernetes resource name invalid:\n" +
            $"package revision kubernetes name \"{name}\" invalid\n" +
            $"package revision kubernetes name {name} invalid: must be no more than 253 characters\n",
            error);
    }

    [Fact]
    public void Validate_ValidParts_ReturnsNull()
    {
        Assert.Null(PackageRevisionName.Validate("blueprints", "network", "vpc", "ws1"));
        Assert.Null(PackageRevisionName.ValidatePackageName("blueprints", "", "vpc"));
    }

    [Fact]
    public void ParsePackageName_BadRepo_ThrowsPackageMessage()
    {
        var ex = Assert.Throws<PackageValidationException>(() => PackageRevisionName.ParsePackageName("ns", "repo"));

        Assert.StartsWith("package kubernetes resource name invalid:\n", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParsePackageName_NestedName_GivesPackageKey()
    {
        var key = PackageRevisionName.ParsePackageName("ns", "blueprints.network.vpc");

        Assert.Equal(new PackageKey(new RepositoryKey("ns", "blueprints", "", ""), "network", "vpc"), key);
    }

    [Theory]
    [InlineData("a/b", false, null)]
    [InlineData("", false, null)]
    [InlineData("/", false, null)]
    [InlineData("a//b", false, "consecutive '/' characters are not allowed")]
    [InlineData("", true, LabelError)]
    [InlineData("A/b", false, LabelError)]
    public void ValidateDirectoryName_Directory_ReturnsPorchMessage(string directory, bool mandatory, string? expected)
    {
        Assert.Equal(expected, PackageRevisionName.ValidateDirectoryName(directory, mandatory));
    }

    [Fact]
    public void ValidateRepository_BadNameAndDirectory_ListsBoth()
    {
        Assert.Equal(
            "repository name Bad invalid: " + LabelError + "\n" +
            "directory name x//y invalid: consecutive '/' characters are not allowed\n",
            PackageRevisionName.ValidateRepository("Bad", "x//y"));
    }

    [Theory]
    [InlineData("team-a", "deploy.istions-deployment.clone-ws", "4a924e17-2da1-5275-b562-b161efa6300d")]
    [InlineData("Default", "Blueprints.Network.VPC.ws1", "89eb6077-8d1d-5a51-b618-f129f94003da")]
    public void ComputeUid_NamespaceAndName_MatchesPythonUuid5(string ns, string name, string expected)
    {
        Assert.Equal(expected, PackageRevisionName.ComputeUid(ns, name));
    }

    [Theory]
    [InlineData("v3", 3)]
    [InlineData("3", 3)]
    [InlineData("v0", 0)]
    [InlineData("v1.2", -1)]
    [InlineData("main", -1)]
    [InlineData("", -1)]
    [InlineData("vv1", -1)]
    [InlineData("v-1", -1)]
    [InlineData("v12", 12)]
    public void ParseRevision_TagSuffix_StripsVAndParsesInteger(string value, int expected)
    {
        Assert.Equal(expected, PackageRevisionName.ParseRevision(value));
    }
}
