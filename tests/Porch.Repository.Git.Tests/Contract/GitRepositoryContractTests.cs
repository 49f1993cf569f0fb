using Porch.Engine.Repositories;
using Porch.Testing;
using Porch.Repository.Git.Tests.Infrastructure;
using Porch.Testing.Contracts;

namespace Porch.Repository.Git.Tests.Contract;

/// <summary>The Git adapter keeps the repository-adapter contract of Porch.Testing, on both backends, in a root folder and in a sub-directory.</summary>
[Trait("Category", "Integration")]
public sealed class GitRepositoryContractTests
{
    public static TheoryData<string> CheckNames => new(RepositoryAdapterContract.Checks.Select(c => c.Name));

    private static Task<RepositoryContractSubject> Subject(string? directory)
    {
        var remote = TestGit.InitBare();
        var context = new GitTestContext(user: new TestUserInfoProvider { User = new UserInfo("contract@example.com") });
        return Task.FromResult(new RepositoryContractSubject(
            context.Adapter,
            GitTestContext.Describe(remote, name: "contract", directory: directory, createBranch: true),
            async () =>
            {
                await context.DisposeAsync();
                TestGit.TryDelete(remote);
            }));
    }

    [BackendTheory]
    [MemberData(nameof(CheckNames))]
    public Task GitRepository_KeepsTheContract(string check) =>
        RepositoryAdapterContract.Check(check).RunAsync(_ => Subject(directory: null));

    [BackendTheory]
    [MemberData(nameof(CheckNames))]
    public Task GitRepositoryInADirectory_KeepsTheContract(string check) =>
        RepositoryAdapterContract.Check(check).RunAsync(_ => Subject(directory: "catalog/team"));
}
