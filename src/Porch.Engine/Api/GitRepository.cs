using System.Text.Json.Serialization;

namespace Porch.Engine.Api;

/// <summary>
/// The git details of a repository (<c>spec.git</c>).
/// </summary>
public sealed class GitRepository
{
    /// <summary>Repository address (<c>repo</c>); always written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string Repo { get; set; } = "";

    /// <summary>The registered branch (<c>branch</c>); the CRD defaults it to <c>main</c>.</summary>
    public string? Branch { get; set; }

    /// <summary>Whether Porch creates the branch when it is missing (<c>createBranch</c>); omitted when false.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool CreateBranch { get; set; }

    /// <summary>Directory holding the packages (<c>directory</c>).</summary>
    public string? Directory { get; set; }

    /// <summary>Credentials secret (<c>secretRef</c>); always written.</summary>
    public SecretRef SecretRef { get; set; } = new();

    /// <summary>Commit author (<c>author</c>).</summary>
    public string? Author { get; set; }

    /// <summary>Commit e-mail (<c>email</c>).</summary>
    public string? Email { get; set; }
}
