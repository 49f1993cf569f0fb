using System.Text.Json;
using System.Text.Json.Nodes;
using Porch.Engine.Api;
using Porch.Krm;

namespace Porch.Engine.Tests.Api;

public sealed class PorchJsonContextTests
{
    private const string ClonedDraftJson =
        """{"apiVersion":"porch.kpt.dev/v1alpha1","kind":"PackageRevision","metadata":{"name":"deploy.istions-deployment.clone-ws","namespace":"team-a","uid":"4a924e17-2da1-5275-b562-b161efa6300d","resourceVersion":"3f9a0c","creationTimestamp":"2024-05-01T12:30:00Z","labels":{"a":"1","b":"2"}},"spec":{"packageName":"istions-deployment","repository":"deploy","workspaceName":"clone-ws","lifecycle":"Draft","tasks":[{"type":"clone","clone":{"upstreamRef":{"upstreamRef":{"name":"blueprints.basens.v1"}}}}],"packageMetadata":{"labels":{"app":"x"},"annotations":{"note":"y"}}},"status":{"upstreamLock":{"type":"git","git":{"repo":"https://git.example/blueprints.git","directory":"basens","ref":"basens/v1","commit":"1a2b"}},"selfLock":{"type":"git","git":{"repo":"https://git.example/deploy.git","directory":"istions-deployment","ref":"drafts/istions-deployment/clone-ws","commit":"3f9a0c"}},"publishTimestamp":null,"deployment":true}}""";

    [Fact]
    public void Serialize_ClonedDraft_MatchesPorchJson()
    {
        var pr = new PackageRevision
        {
            Metadata = new ObjectMeta
            {
                Name = "deploy.istions-deployment.clone-ws",
                Namespace = "team-a",
                Uid = "4a924e17-2da1-5275-b562-b161efa6300d",
                ResourceVersion = "3f9a0c",
                CreationTimestamp = new DateTimeOffset(2024, 5, 1, 14, 30, 0, 500, TimeSpan.FromHours(2)),
                Labels = { ["b"] = "2", ["a"] = "1" },
            },
            Spec = new PackageRevisionSpec
            {
                PackageName = "istions-deployment",
                Repository = "deploy",
                WorkspaceName = "clone-ws",
                Lifecycle = PackageRevisionLifecycle.Draft,
                Tasks =
                {
                    new TaskSpec
                    {
                        Type = TaskType.Clone,
                        Clone = new PackageCloneTaskSpec { Upstream = new UpstreamPackage { UpstreamRef = new PackageRevisionRef { Name = "blueprints.basens.v1" } } },
                    },
                },
                PackageMetadata = new PackageMetadata { Labels = { ["app"] = "x" }, Annotations = { ["note"] = "y" } },
            },
            Status = new PackageRevisionStatus
            {
                Deployment = true,
                UpstreamLock = new Locator
                {
                    Type = "git",
                    Git = new GitLock { Repo = "https://git.example/blueprints.git", Directory = "basens", Ref = "basens/v1", Commit = "1a2b" },
                },
                SelfLock = new Locator
                {
                    Type = "git",
                    Git = new GitLock { Repo = "https://git.example/deploy.git", Directory = "istions-deployment", Ref = "drafts/istions-deployment/clone-ws", Commit = "3f9a0c" },
                },
            },
        };

        var json = JsonSerializer.Serialize(pr, PorchJsonContext.Default.PackageRevision);

        Assert.Equal(ClonedDraftJson, json);
    }

    [Fact]
    public void Deserialize_ClonedDraft_RoundTripsByteForByte()
    {
        var pr = JsonSerializer.Deserialize(ClonedDraftJson, PorchJsonContext.Default.PackageRevision);

        Assert.NotNull(pr);
        Assert.Equal("blueprints.basens.v1", pr.Spec.Tasks[0].Clone?.Upstream.UpstreamRef?.Name);
        Assert.Equal(PackageRevisionLifecycle.Draft, pr.Spec.Lifecycle);
        Assert.Equal(0, pr.Spec.Revision);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 30, 0, TimeSpan.Zero), pr.Metadata.CreationTimestamp);
        Assert.Equal(ClonedDraftJson, JsonSerializer.Serialize(pr, PorchJsonContext.Default.PackageRevision));
    }

    [Fact]
    public void Serialize_EmptyPackageRevision_OmitsEmptyFieldsLikeGo()
    {
        var json = JsonSerializer.Serialize(new PackageRevision(), PorchJsonContext.Default.PackageRevision);

        Assert.Equal(
            """{"apiVersion":"porch.kpt.dev/v1alpha1","kind":"PackageRevision","metadata":{"creationTimestamp":null},"spec":{},"status":{"publishTimestamp":null}}""",
            json);
    }

    [Fact]
    public void Serialize_PublishedRevision_WritesRevisionAndTimestamp()
    {
        var pr = new PackageRevision
        {
            Spec = new PackageRevisionSpec { Revision = 3, Lifecycle = PackageRevisionLifecycle.DeletionProposed },
            Status = new PackageRevisionStatus { PublishedBy = "alice", PublishedAt = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero) },
        };

        var node = JsonNode.Parse(JsonSerializer.Serialize(pr, PorchJsonContext.Default.PackageRevision))!;

        Assert.Equal(3, node["spec"]!["revision"]!.GetValue<int>());
        Assert.Equal("DeletionProposed", node["spec"]!["lifecycle"]!.GetValue<string>());
        Assert.Equal("2025-01-02T03:04:05Z", node["status"]!["publishTimestamp"]!.GetValue<string>());
        Assert.Equal("alice", node["status"]!["publishedBy"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(
        """{"type":"init","init":{"description":"d","keywords":["k"],"site":"s"}}""")]
    [InlineData(
        """{"type":"edit","edit":{"sourceRef":{"name":"r.p.v1"}}}""")]
    [InlineData(
        """{"type":"upgrade","upgrade":{"oldUpstreamRef":{"name":"a"},"newUpstreamRef":{"name":"b"},"localPackageRevisionRef":{"name":"c"},"strategy":"resource-merge"}}""")]
    [InlineData(
        """{"type":"upgrade","upgrade":{"oldUpstreamRef":{"name":"a"},"newUpstreamRef":{"name":"b"},"localPackageRevisionRef":{"name":"c"},"strategy":"force-delete-replace"}}""")]
    [InlineData(
        """{"type":"clone","clone":{"upstreamRef":{"type":"git","git":{"repo":"https://x/y.git","ref":"basens/v1","directory":"basens","secretRef":{"name":""}}}}}""")]
    [InlineData(
        """{"type":"clone","clone":{"upstreamRef":{"type":"oci","oci":{"image":"r/i:1"}}}}""")]
    public void TaskSpec_PorchPayload_RoundTrips(string json)
    {
        var task = JsonSerializer.Deserialize(json, PorchJsonContext.Default.TaskSpec);

        Assert.Equal(json, JsonSerializer.Serialize(task!, PorchJsonContext.Default.TaskSpec));
    }

    [Fact]
    public void Serialize_UpgradeWithDefaults_WritesEmptyRefsAsGoDoes()
    {
        var task = new TaskSpec { Type = TaskType.Upgrade, Upgrade = new PackageUpgradeTaskSpec() };

        Assert.Equal(
            """{"type":"upgrade","upgrade":{"oldUpstreamRef":{"name":""},"newUpstreamRef":{"name":""},"localPackageRevisionRef":{"name":""}}}""",
            JsonSerializer.Serialize(task, PorchJsonContext.Default.TaskSpec));
    }

    [Fact]
    public void Serialize_ResourcesWithRenderStatus_MatchesPorchJson()
    {
        var prr = new PackageRevisionResources
        {
            Metadata = new ObjectMeta { Name = "blueprints.basens.ws1", Namespace = "default" },
            Spec = new PackageRevisionResourcesSpec
            {
                PackageName = "basens",
                WorkspaceName = "ws1",
                Repository = "blueprints",
                Resources = { ["README.md"] = "# basens\n", ["Kptfile"] = "apiVersion: kpt.dev/v1\n" },
            },
            Status = new PackageRevisionResourcesStatus
            {
                RenderStatus = new RenderStatus
                {
                    Result = new FunctionResultList
                    {
                        ExitCode = 1,
                        Items =
                        {
                            new FunctionResult
                            {
                                Image = "set-namespace:v0.4",
                                Stderr = "failed",
                                ExitCode = 1,
                                Results =
                                {
                                    new ResultItem
                                    {
                                        Message = "bad",
                                        Severity = "error",
                                        ResourceRef = new ResourceIdentifier { ApiVersion = "v1", Kind = "ConfigMap", Name = "cm" },
                                        Field = new ResultField { Path = "data.x" },
                                        File = new ResultFile { Path = "cm.yaml" },
                                        Tags = { ["t"] = "1" },
                                    },
                                },
                            },
                            new FunctionResult { ExecPath = "/bin/fn", ExitCode = 0 },
                        },
                    },
                    Error = "fn failed",
                },
            },
        };

        var json = JsonSerializer.Serialize(prr, PorchJsonContext.Default.PackageRevisionResources);

        Assert.Equal(
            """{"apiVersion":"porch.kpt.dev/v1alpha1","kind":"PackageRevisionResources","metadata":{"name":"blueprints.basens.ws1","namespace":"default","creationTimestamp":null},"spec":{"packageName":"basens","workspaceName":"ws1","repository":"blueprints","resources":{"Kptfile":"apiVersion: kpt.dev/v1\n","README.md":"# basens\n"}},"status":{"renderStatus":{"result":{"metadata":{"creationTimestamp":null},"exitCode":1,"items":[{"image":"set-namespace:v0.4","stderr":"failed","exitCode":1,"results":[{"message":"bad","severity":"error","resourceRef":{"apiVersion":"v1","kind":"ConfigMap","name":"cm"},"field":{"path":"data.x"},"file":{"path":"cm.yaml"},"tags":{"t":"1"}}]},{"exec":"/bin/fn","exitCode":0}]},"error":"fn failed"}}}""",
            json);
        var back = JsonSerializer.Deserialize(json, PorchJsonContext.Default.PackageRevisionResources)!;
        Assert.Equal(json, JsonSerializer.Serialize(back, PorchJsonContext.Default.PackageRevisionResources));
    }

    [Fact]
    public void Serialize_SuccessfulRender_AlwaysWritesEmptyError()
    {
        var json = JsonSerializer.Serialize(new PackageRevisionResources(), PorchJsonContext.Default.PackageRevisionResources);

        Assert.EndsWith("""status":{"renderStatus":{"result":{"metadata":{"creationTimestamp":null},"exitCode":0},"error":""}}}""", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_Repository_MatchesPorchJson()
    {
        var repo = new Repository
        {
            Metadata = new ObjectMeta
            {
                Name = "blueprints",
                Namespace = "default",
                Generation = 2,
                CreationTimestamp = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
                Finalizers = { PorchApi.RepositoryFinalizer },
            },
            Spec = new RepositorySpec
            {
                Description = "Blueprints",
                Type = RepositoryType.Git,
                Content = PorchApi.RepositoryContentPackage,
                Sync = new RepositorySync { Schedule = "*/10 * * * *" },
                Git = new GitRepository { Repo = "https://git.example/blueprints.git", Branch = "main", Directory = "catalog", SecretRef = new SecretRef { Name = "creds" } },
            },
            Status = new RepositoryStatus
            {
                Conditions =
                {
                    new KubernetesCondition
                    {
                        Type = PorchApi.RepositoryReadyCondition,
                        Status = ConditionStatus.True,
                        ObservedGeneration = 2,
                        LastTransitionTime = new DateTimeOffset(2024, 1, 1, 0, 1, 0, TimeSpan.Zero),
                        Reason = PorchApi.ReasonReady,
                        Message = "Repository Ready",
                    },
                },
                ObservedGeneration = 2,
                PackageCount = 4,
                GitCommitHash = "abc",
                LastFullSyncTime = new DateTimeOffset(2024, 1, 1, 0, 1, 0, TimeSpan.Zero),
            },
        };

        var json = JsonSerializer.Serialize(repo, PorchJsonContext.Default.Repository);

        Assert.Equal(
            """{"apiVersion":"config.porch.kpt.dev/v1alpha1","kind":"Repository","metadata":{"name":"blueprints","namespace":"default","generation":2,"creationTimestamp":"2024-01-01T00:00:00Z","finalizers":["config.porch.kpt.dev/repository"]},"spec":{"description":"Blueprints","type":"git","content":"Package","sync":{"schedule":"*/10 * * * *"},"git":{"repo":"https://git.example/blueprints.git","branch":"main","directory":"catalog","secretRef":{"name":"creds"}}},"status":{"conditions":[{"type":"Ready","status":"True","observedGeneration":2,"lastTransitionTime":"2024-01-01T00:01:00Z","reason":"Ready","message":"Repository Ready"}],"lastFullSyncTime":"2024-01-01T00:01:00Z","observedGeneration":2,"packageCount":4,"gitCommitHash":"abc"}}""",
            json);
        var back = JsonSerializer.Deserialize(json, PorchJsonContext.Default.Repository)!;
        Assert.Equal(json, JsonSerializer.Serialize(back, PorchJsonContext.Default.Repository));
    }

    [Fact]
    public void Serialize_PorchPackageList_UsesPackageListKind()
    {
        var list = new PorchPackageList
        {
            Items =
            {
                new PorchPackage
                {
                    Metadata = new ObjectMeta { Name = "blueprints.network.vpc", Namespace = "default" },
                    Spec = new PorchPackageSpec { PackageName = "network/vpc", Repository = "blueprints" },
                    Status = new PorchPackageStatus { LatestRevision = 2 },
                },
                new PorchPackage { Spec = new PorchPackageSpec { PackageName = "new", Repository = "blueprints" } },
            },
        };

        var json = JsonSerializer.Serialize(list, PorchJsonContext.Default.PorchPackageList);

        Assert.Equal(
            """{"apiVersion":"porch.kpt.dev/v1alpha1","kind":"PackageList","metadata":{},"items":[{"apiVersion":"porch.kpt.dev/v1alpha1","kind":"PorchPackage","metadata":{"name":"blueprints.network.vpc","namespace":"default","creationTimestamp":null},"spec":{"packageName":"network/vpc","repository":"blueprints"},"status":{"latestRevision":2}},{"apiVersion":"porch.kpt.dev/v1alpha1","kind":"PorchPackage","metadata":{"creationTimestamp":null},"spec":{"packageName":"new","repository":"blueprints"},"status":{}}]}""",
            json);
    }

    [Fact]
    public void Serialize_EmptyList_WritesEmptyItems()
    {
        Assert.Equal(
            """{"apiVersion":"porch.kpt.dev/v1alpha1","kind":"PackageRevisionList","metadata":{},"items":[]}""",
            JsonSerializer.Serialize(new PackageRevisionList(), PorchJsonContext.Default.PackageRevisionList));
    }

    [Fact]
    public void Deserialize_EmptyCollections_AreOmittedOnWrite()
    {
        const string input = """{"metadata":{"labels":{},"finalizers":[]},"spec":{"tasks":[],"readinessGates":[]},"status":{"conditions":[]}}""";

        var pr = JsonSerializer.Deserialize(input, PorchJsonContext.Default.PackageRevision)!;

        Assert.Empty(pr.Metadata.Labels);
        Assert.Empty(pr.Spec.Tasks);
        Assert.Equal(
            """{"apiVersion":"porch.kpt.dev/v1alpha1","kind":"PackageRevision","metadata":{"creationTimestamp":null},"spec":{},"status":{"publishTimestamp":null}}""",
            JsonSerializer.Serialize(pr, PorchJsonContext.Default.PackageRevision));
    }

    [Fact]
    public void Deserialize_ConditionsAndReadinessGates_ReadsPorchNames()
    {
        const string input = """{"spec":{"readinessGates":[{"conditionType":"foo"}]},"status":{"conditions":[{"type":"foo","status":"False","reason":"r","message":"m"}]}}""";

        var pr = JsonSerializer.Deserialize(input, PorchJsonContext.Default.PackageRevision)!;

        Assert.Equal("foo", pr.Spec.ReadinessGates.Single().ConditionType);
        var condition = pr.Status.Conditions.Single();
        Assert.Equal(ConditionStatus.False, condition.Status);
        Assert.Equal("r", condition.Reason);
        Assert.Equal("m", condition.Message);
    }

    [Fact]
    public void Deserialize_TimestampWithOffsetAndFraction_WritesUtcSeconds()
    {
        const string input = """{"metadata":{"creationTimestamp":"2024-05-01T14:30:00.123+02:00"}}""";

        var pr = JsonSerializer.Deserialize(input, PorchJsonContext.Default.PackageRevision)!;
        var json = JsonSerializer.Serialize(pr, PorchJsonContext.Default.PackageRevision);

        Assert.Contains("""creationTimestamp":"2024-05-01T12:30:00Z""", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_UnknownLifecycle_Throws()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"spec":{"lifecycle":"Final"}}""", PorchJsonContext.Default.PackageRevision));
    }
}
