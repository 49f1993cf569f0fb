using Microsoft.Extensions.Options;

namespace Porch.Repository.Git;

/// <summary>Validates <see cref="GitRepositoryOptions"/> from its data annotations (source-generated).</summary>
[OptionsValidator]
internal sealed partial class GitRepositoryOptionsValidator : IValidateOptions<GitRepositoryOptions>;
