using System.Text.Json.Nodes;

namespace Porch.Engine.Repositories;

/// <summary>
/// A core <c>v1</c> Secret as an <see cref="ISecretStore"/> keeps it: its namespace, name, resource version and the
/// whole object as JSON (<c>data</c> base64, as Kubernetes serializes it). <see cref="ToString"/> never shows the
/// document, so a secret that reaches a log or an exception message shows only its name.
/// </summary>
public sealed class StoredSecret
{
    /// <summary>Initializes a stored secret.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <param name="resourceVersion">The resource version (the store compares it on update).</param>
    /// <param name="document">The Secret object as JSON.</param>
    public StoredSecret(string @namespace, string name, string resourceVersion, string document)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(resourceVersion);
        ArgumentException.ThrowIfNullOrEmpty(document);
        Namespace = @namespace;
        Name = name;
        ResourceVersion = resourceVersion;
        Document = document;
    }

    /// <summary>Gets the namespace.</summary>
    public string Namespace { get; }

    /// <summary>Gets the name.</summary>
    public string Name { get; }

    /// <summary>Gets the resource version.</summary>
    public string ResourceVersion { get; }

    /// <summary>Gets the Secret object as JSON. It holds the secret values: never log it.</summary>
    public string Document { get; }

    /// <summary>Gets the secret's <c>type</c> (<c>Opaque</c> when the document names none).</summary>
    /// <returns>The type.</returns>
    public string SecretType() => Parse()["type"] is JsonValue type && type.TryGetValue<string>(out var text) && text.Length > 0 ? text : "Opaque";

    /// <summary>Gets the decoded value of one <c>data</c> key, or null when the key is absent or not base64.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The bytes, or null.</returns>
    public byte[]? Data(string key)
    {
        if (Parse()["data"] is not JsonObject data || data[key] is not JsonValue value || !value.TryGetValue<string>(out var encoded))
        {
            return null;
        }

        var buffer = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, buffer, out var written) ? buffer[..written] : null;
    }

    /// <summary>Returns the secret's name, never its values.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"Secret {Namespace}/{Name}";

    private JsonObject Parse() => JsonNode.Parse(Document) as JsonObject ?? [];
}
