namespace Porch.PackageVariants.Api;

/// <summary>The data to add to or remove from the <c>kptfile.kpt.dev</c> ConfigMap (<c>package-context.yaml</c>).</summary>
public sealed class PackageContext
{
    /// <summary>Keys and values to set.</summary>
    public Dictionary<string, string>? Data { get; set; }

    /// <summary>Keys to remove.</summary>
    public List<string>? RemoveKeys { get; set; }
}
