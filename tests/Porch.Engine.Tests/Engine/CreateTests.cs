using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Engine.Watch;
using Porch.Krm.Functions;
using Porch.Testing;
using Porch.Tests.Shared;

namespace Porch.Engine.Tests.Engine;

public sealed class CreateTests
{
    private const string Ns = EngineContext.Ns;

    [Fact]
    public async Task Create_NoTask_InitsWithPorchFilesAndDescription()
    {
        await using var ctx = EngineContext.Create();
        var pr = await ctx.InitAsync("testpkg");

        Assert.Equal("blueprints.testpkg.v1", pr.Metadata.Name);
        Assert.Equal(PackageRevisionLifecycle.Draft, pr.Spec.Lifecycle);
        Assert.Equal(0, pr.Spec.Revision);
        var task = Assert.Single(pr.Spec.Tasks);
        Assert.Equal(TaskType.Init, task.Type);
        Assert.Equal("testpkg description", task.Init!.Description);
        Assert.Equal(PackageRevisionName.ComputeUid(Ns, "blueprints.testpkg.v1"), pr.Metadata.Uid);
        Assert.False(string.IsNullOrEmpty(pr.Metadata.ResourceVersion));

        var files = (await ctx.Engine.GetPackageRevisionResourcesAsync(Ns, pr.Metadata.Name!)).Spec.Resources;
        Assert.Equal(["Kptfile", "README.md", "package-context.yaml"], files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(
            "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: testpkg\n  annotations:\n    config.kubernetes.io/local-config: \"true\"\ninfo:\n  description: testpkg description\n",
            files["Kptfile"]);
        Assert.StartsWith("# testpkg\n\n## Description\ntestpkg description\n\n## Usage\n", files["README.md"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_InitTask_KptfileMatchesKptInitializer()
    {
        await using var ctx = EngineContext.Create();
        var pr = await ctx.Engine.CreatePackageRevisionAsync(EngineContext.NewRevision("testpkg", "v1", tasks: new TaskSpec
        {
            Type = TaskType.Init,
            Init = new PackageInitTaskSpec { Description = "test package", Keywords = ["test", "kpt", "pkg"], Site = "http://kpt.dev/testpkg" },
        }));

        var files = (await ctx.Engine.GetPackageRevisionResourcesAsync(Ns, pr.Metadata.Name!)).Spec.Resources;
        Assert.Equal(
            """
            apiVersion: kpt.dev/v1
            kind: Kptfile
            metadata:
              name: testpkg
              annotations:
                config.kubernetes.io/local-config: "true"
            info:
              site: http://kpt.dev/testpkg
              description: test package
              keywords:
              - test
              - kpt
              - pkg

            """.ReplaceLineEndings("\n"),
            files["Kptfile"]);
        Assert.Equal(
            """
            # testpkg

            ## Description
            test package

            ## Usage

            ### Fetch the package
            `kpt pkg get REPO_URI[.git]/PKG_PATH[@VERSION] testpkg`
            Details: https://kpt.dev/reference/cli/pkg/get/

            ### View package content
            `kpt pkg tree testpkg`
            Details: https://kpt.dev/reference/cli/pkg/tree/

            ### Apply the package
            ```
            kpt live init testpkg
            kpt live apply testpkg --reconcile-timeout=2m --output=table
            ```
            Details: https://kpt.dev/reference/cli/live/

            """.ReplaceLineEndings("\n"),
            files["README.md"]);
    }

    [Fact]
    public async Task Create_Init_PackageContextIsByteIdenticalToPorchWrittenOne()
    {
        var dir = Conformance.UnpackArchive("simple-repository.tar");
        var porchWritten = Conformance.Git(dir, "show", "main:basens/package-context.yaml");
        await using var ctx = EngineContext.Create();
        var pr = await ctx.InitAsync("basens");

        var files = (await ctx.Engine.GetPackageRevisionResourcesAsync(Ns, pr.Metadata.Name!)).Spec.Resources;
        Assert.Equal(porchWritten, files["package-context.yaml"]);
    }

    [Fact]
    public async Task Create_PackageMetadata_MergedIntoKptfile()
    {
        await using var ctx = EngineContext.Create();
        var request = EngineContext.NewRevision("labelled", "v1");
        request.Spec.PackageMetadata = new PackageMetadata { Labels = { ["team"] = "a" }, Annotations = { ["note"] = "x" } };
        request.Spec.ReadinessGates = [new ReadinessGate { ConditionType = "Ready" }];
        var pr = await ctx.Engine.CreatePackageRevisionAsync(request);

        Assert.Equal("a", pr.Spec.PackageMetadata!.Labels["team"]);
        Assert.Equal("x", pr.Spec.PackageMetadata.Annotations["note"]);
        Assert.Equal("true", pr.Spec.PackageMetadata.Annotations["config.kubernetes.io/local-config"]);
        Assert.Equal("Ready", Assert.Single(pr.Spec.ReadinessGates).ConditionType);
    }

    [Fact]
    public async Task Create_MetadataLabelsStoredAndReturned()
    {
        await using var ctx = EngineContext.Create();
        var request = EngineContext.NewRevision("meta", "v1");
        request.Metadata.Labels["app"] = "web";
        request.Metadata.Finalizers.Add("example.com/keep");
        var pr = await ctx.Engine.CreatePackageRevisionAsync(request);

        Assert.Equal("web", pr.Metadata.Labels["app"]);
        var read = await ctx.Engine.GetPackageRevisionAsync(Ns, pr.Metadata.Name!);
        Assert.Equal("web", read.Metadata.Labels["app"]);
        Assert.Equal(["example.com/keep"], read.Metadata.Finalizers);
        Assert.Equal(ctx.Harness.Time.GetUtcNow(), read.Metadata.CreationTimestamp);
    }

    public static TheoryData<string, Action<PackageRevision>, PorchErrorCode, string> InvalidRequests() => new()
    {
        { "namespace", pr => pr.Metadata.Namespace = null, PorchErrorCode.BadRequest, "namespace must be specified" },
        { "repository", pr => pr.Spec.Repository = null, PorchErrorCode.BadRequest, "spec.repositoryName is required" },
        { "unknown repository", pr => pr.Spec.Repository = "nope", PorchErrorCode.NotFound, "repositories.config.porch.kpt.dev \"nope\" not found" },
        {
            "latest label", pr => pr.Metadata.Labels["kpt.dev/latest-revision"] = "true", PorchErrorCode.Invalid,
            "PackageRevision.porch.kpt.dev \"blueprints.pkg.v1\" is invalid: metadata.labels: Forbidden: label is managed by porch and cannot be set by users"
        },
        {
            "workspace", pr => pr.Spec.WorkspaceName = "Bad_WS", PorchErrorCode.Invalid,
            "PackageRevision.porch.kpt.dev \"blueprints.pkg.Bad_WS\" is invalid: spec.workspaceName: Invalid value: \"Bad_WS\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
        },
        {
            "two tasks", pr => pr.Spec.Tasks = [new TaskSpec { Type = TaskType.Init, Init = new() }, new TaskSpec { Type = TaskType.Init, Init = new() }],
            PorchErrorCode.RuleViolation, "task list must not contain more than one task"
        },
        { "published", pr => pr.Spec.Lifecycle = PackageRevisionLifecycle.Published, PorchErrorCode.RuleViolation, "cannot create a package revision with lifecycle value 'Final'" },
        { "deletion proposed", pr => pr.Spec.Lifecycle = PackageRevisionLifecycle.DeletionProposed, PorchErrorCode.RuleViolation, "cannot create a package revision with lifecycle value 'Final'" },
        { "init without spec", pr => pr.Spec.Tasks = [new TaskSpec { Type = TaskType.Init }], PorchErrorCode.RuleViolation, "init not set for task of type \"init\"" },
        { "clone without spec", pr => pr.Spec.Tasks = [new TaskSpec { Type = TaskType.Clone }], PorchErrorCode.RuleViolation, "clone not set for task of type \"clone\"" },
        { "edit without spec", pr => pr.Spec.Tasks = [new TaskSpec { Type = TaskType.Edit }], PorchErrorCode.RuleViolation, "edit not set for task of type \"edit\"" },
        { "upgrade without spec", pr => pr.Spec.Tasks = [new TaskSpec { Type = TaskType.Upgrade }], PorchErrorCode.RuleViolation, "upgrade field not set for task of type \"upgrade\"" },
        { "render task", pr => pr.Spec.Tasks = [new TaskSpec { Type = TaskType.Render }], PorchErrorCode.RuleViolation, "task of type \"render\" not supported" },
        {
            "empty clone", pr => pr.Spec.Tasks = [new TaskSpec { Type = TaskType.Clone, Clone = new PackageCloneTaskSpec() }],
            PorchErrorCode.RuleViolation, "invalid clone source (neither of git, oci, nor upstream were specified)"
        },
        {
            "oci clone", pr => pr.Spec.Tasks = [new TaskSpec { Type = TaskType.Clone, Clone = new PackageCloneTaskSpec { Upstream = new UpstreamPackage { Oci = new OciPackage() } } }],
            PorchErrorCode.RuleViolation, "clone from OCI is not implemented"
        },
        {
            "clone missing", pr => pr.Spec.Tasks = [Clone("blueprints.nothing.v1")], PorchErrorCode.RuleViolation, "cannot find package revision \"blueprints.nothing.v1\""
        },
    };

    [Fact]
    public async Task Create_UnknownRepository_ThrowsRepositoryNotFound()
    {
        await using var ctx = EngineContext.Create();

        var ex = await Assert.ThrowsAsync<RepositoryNotFoundException>(() => ctx.Engine.CreatePackageRevisionAsync(EngineContext.NewRevision("pkg", "v1", "nope")));

        Assert.Equal("repositories.config.porch.kpt.dev \"nope\" not found", ex.Message);
        Assert.Equal((Ns, "nope"), (ex.Namespace, ex.Name));
    }

    [Fact]
    public async Task Create_SeveralFieldErrors_CarriedAsDataWithKubernetesText()
    {
        await using var ctx = EngineContext.Create();
        var request = EngineContext.NewRevision("pkg", "Bad_WS");
        request.Metadata.Labels["kpt.dev/latest-revision"] = "true";

        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => ctx.Engine.CreatePackageRevisionAsync(request));

        Assert.StartsWith(
            "PackageRevision.porch.kpt.dev \"blueprints.pkg.Bad_WS\" is invalid: [metadata.labels: Forbidden: label is managed by porch and cannot be set by users, spec.workspaceName: Invalid value: \"Bad_WS\": a lowercase RFC 1123 label",
            ex.Message,
            StringComparison.Ordinal);
        Assert.EndsWith("]", ex.Message, StringComparison.Ordinal);
        Assert.Equal(new QualifiedName("porch.kpt.dev", "PackageRevision", "blueprints.pkg.Bad_WS"), ex.InvalidObject);
        Assert.Equal(
            [(FieldErrorType.Forbidden, "metadata.labels", (object?)null), (FieldErrorType.Invalid, "spec.workspaceName", "Bad_WS")],
            ex.FieldErrors.Select(e => (e.Type, e.Field, e.BadValue)));
    }

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task Create_InvalidRequest_FailsWithPorchTextAndStoresNothing(string scenario, Action<PackageRevision> change, PorchErrorCode code, string message)
    {
        await using var ctx = EngineContext.Create();
        var request = EngineContext.NewRevision("pkg", "v1");
        change(request);

        var ex = await Assert.ThrowsAnyAsync<PorchException>(() => ctx.Engine.CreatePackageRevisionAsync(request));

        Assert.True(message == ex.Message, $"{scenario}: {ex.Message}");
        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(0, ctx.Store.Count);
        Assert.Empty(ctx.Notifier.Events);
    }

    [Fact]
    public async Task Create_SameWorkspaceTwice_Fails()
    {
        await using var ctx = EngineContext.Create();
        await ctx.InitAsync("pkg", "ws");
        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => ctx.InitAsync("pkg", "ws"));
        Assert.Equal("package revision workspaceNames must be unique; package revision with name pkg in repo blueprints with workspaceName ws already exists", ex.Message);
    }

    [Fact]
    public async Task Create_NestedSameWorkspaceTwice_FailsOnFullPath()
    {
        await using var ctx = EngineContext.Create();
        await ctx.InitAsync("catalog/pkg", "ws");
        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => ctx.InitAsync("catalog/pkg", "ws"));
        Assert.Equal("package revision workspaceNames must be unique; package revision with name catalog/pkg in repo blueprints with workspaceName ws already exists", ex.Message);
    }

    [Fact]
    public async Task Create_InitOfExistingPackage_Fails()
    {
        await using var ctx = EngineContext.Create();
        await ctx.InitAsync("pkg", "v1");
        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => ctx.InitAsync("pkg", "v2"));
        Assert.Equal("package \"pkg\" already exists in repository \"blueprints\"", ex.Message);
    }

    [Theory]
    [InlineData("a/b", "a/b/c", "package path \"a/b/c\" conflicts with existing package \"a/b\": packages cannot be nested")]
    [InlineData("a/b/c", "a/b", "package path \"a/b\" conflicts with existing package \"a/b/c\": packages cannot be nested")]
    public async Task Create_NestedPackage_Fails(string existing, string created, string message)
    {
        await using var ctx = EngineContext.Create();
        await ctx.InitAsync(existing);
        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => ctx.InitAsync(created, "v9"));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public async Task Create_SiblingWithCommonPrefix_IsNotNested()
    {
        await using var ctx = EngineContext.Create();
        await ctx.InitAsync("a/b");
        var pr = await ctx.InitAsync("a/bc");
        Assert.Equal("blueprints.a.bc.v1", pr.Metadata.Name);
    }

    [Fact]
    public async Task Clone_FromPublishedRevision_SetsUpstreamAndLock()
    {
        await using var ctx = EngineContext.Create();
        var upstream = await ctx.PublishAsync("basens");
        var deploy = ctx.Harness.AddRepository("deploy", deployment: true);

        var pr = await ctx.Engine.CreatePackageRevisionAsync(EngineContext.NewRevision("my-ns", "clone-ws", "deploy", Clone(upstream.Metadata.Name!)));

        Assert.True(pr.Status.Deployment);
        Assert.Equal("git", pr.Status.UpstreamLock!.Type);
        Assert.Equal("basens/v1", pr.Status.UpstreamLock.Git!.Ref);
        Assert.Equal(upstream.Metadata.ResourceVersion, pr.Status.UpstreamLock.Git.Commit);
        Assert.Equal("basens", pr.Status.UpstreamLock.Git.Directory);
        var files = (await ctx.Engine.GetPackageRevisionResourcesAsync(Ns, pr.Metadata.Name!)).Spec.Resources;
        Assert.Contains("  name: my-ns\n", files["Kptfile"], StringComparison.Ordinal);
        Assert.Equal(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: # kpt-merge: /kptfile.kpt.dev\n  name: kptfile.kpt.dev\n  annotations:\n    config.kubernetes.io/local-config: \"true\"\n    internal.kpt.dev/upstream-identifier: '|ConfigMap|default|kptfile.kpt.dev'\ndata:\n  name: my-ns\n  package-path: my-ns\n",
            files["package-context.yaml"]);
        _ = deploy;
    }

    [Fact]
    public async Task Clone_FromPlaceholder_Fails()
    {
        await using var ctx = EngineContext.Create();
        await ctx.PublishAsync("basens");
        var ex = await Assert.ThrowsAsync<PackageValidationException>(() =>
            ctx.Engine.CreatePackageRevisionAsync(EngineContext.NewRevision("other", "v1", tasks: Clone("blueprints.basens.main"))));
        Assert.Equal("upstream revision may not be the placeholder package revision blueprints/blueprints.basens.main", ex.Message);
    }

    [Fact]
    public async Task Clone_IntoExistingPackage_Fails()
    {
        await using var ctx = EngineContext.Create();
        var upstream = await ctx.PublishAsync("basens");
        await ctx.InitAsync("target");
        var ex = await Assert.ThrowsAsync<PackageValidationException>(() =>
            ctx.Engine.CreatePackageRevisionAsync(EngineContext.NewRevision("target", "v2", tasks: Clone(upstream.Metadata.Name!))));
        Assert.Equal("`clone` cannot create a new revision for package \"target\" that already exists in repo \"blueprints\"; make subsequent revisions using `copy`", ex.Message);
    }

    [Fact]
    public async Task Copy_FromPublished_CreatesDraftWithOneEditTask()
    {
        await using var ctx = EngineContext.Create();
        var v1 = await ctx.PublishAsync("pkg");
        var v2 = await ctx.Engine.CopyAsync(Ns, v1.Metadata.Name!, "v2");

        Assert.Equal(PackageRevisionLifecycle.Draft, v2.Spec.Lifecycle);
        var task = Assert.Single(v2.Spec.Tasks);
        Assert.Equal(TaskType.Edit, task.Type);
        Assert.Equal(v1.Metadata.Name, task.Edit!.SourceRef!.Name);
        var source = (await ctx.Engine.GetPackageRevisionResourcesAsync(Ns, v1.Metadata.Name!)).Spec.Resources;
        var copy = (await ctx.Engine.GetPackageRevisionResourcesAsync(Ns, v2.Metadata.Name!)).Spec.Resources;
        Assert.Equal(source, copy);
    }

    [Fact]
    public async Task Copy_Rules_PorchMessages()
    {
        await using var ctx = EngineContext.Create();
        var other = await ctx.PublishAsync("other");
        var draft = await ctx.InitAsync("pkg");

        var fromOther = await Assert.ThrowsAsync<PackageValidationException>(() => ctx.Engine.CreatePackageRevisionAsync(
            EngineContext.NewRevision("pkg", "v2", tasks: Edit(other.Metadata.Name!))));
        Assert.Equal("source revision must be from same package blueprints/pkg", fromOther.Message);

        var fromDraft = await Assert.ThrowsAsync<PackageValidationException>(() => ctx.Engine.CreatePackageRevisionAsync(
            EngineContext.NewRevision("pkg", "v2", tasks: Edit(draft.Metadata.Name!))));
        Assert.Equal("source revision must be published", fromDraft.Message);

        var fromPlaceholder = await Assert.ThrowsAsync<PackageValidationException>(() => ctx.Engine.CreatePackageRevisionAsync(
            EngineContext.NewRevision("other", "v2", tasks: Edit("blueprints.other.main"))));
        Assert.Equal("source revision may not be the placeholder package revision blueprints/blueprints.other.main", fromPlaceholder.Message);
    }

    [Fact]
    public async Task Create_Success_NotifiesAddedOnce()
    {
        await using var ctx = EngineContext.Create();
        var pr = await ctx.InitAsync("pkg");
        Assert.Equal([(PackageRevisionChangeType.Added, pr.Metadata.Name!, (PackageRevisionLifecycle?)PackageRevisionLifecycle.Draft)], ctx.Notifier.Events);
    }

    [Fact]
    public async Task Create_RenderFails_NothingStored()
    {
        await using var ctx = EngineContext.Create();
        ctx.Renderer.FailWith = "function failed";
        var ex = await Assert.ThrowsAsync<FunctionEvaluationException>(() => ctx.InitAsync("pkg"));
        Assert.Equal("error rendering package in kpt function pipeline. Package NOT pushed to remote. Fix locally (until 'kpt fn render' succeeds) and retry. Details: function failed", ex.Message);
        Assert.Equal(0, ctx.Store.Count);
        Assert.Empty(ctx.Notifier.Events);
    }

    internal static TaskSpec Clone(string name) => new()
    {
        Type = TaskType.Clone,
        Clone = new PackageCloneTaskSpec { Upstream = new UpstreamPackage { UpstreamRef = new PackageRevisionRef { Name = name } } },
    };

    internal static TaskSpec Edit(string name) => new()
    {
        Type = TaskType.Edit,
        Edit = new PackageEditTaskSpec { SourceRef = new PackageRevisionRef { Name = name } },
    };
}
