namespace Porch.Krm;

/// <summary>Reads and writes YAML files the way kpt does (kyaml on go-yaml v3): comments, order and styles survive.</summary>
public static class KrmYaml
{
    /// <summary>Reads every non-empty document of a file.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="filePath">The package-relative path, used in error messages.</param>
    /// <returns>The documents, in file order; empty and comment-only documents are skipped as kpt skips them.</returns>
    /// <exception cref="KrmYamlException">The text is not YAML kpt can read; the message names the file and line.</exception>
    public static IReadOnlyList<YamlDocument> ReadDocuments(string text, string? filePath = null) => KyamlReader.Read(text, filePath);

    /// <summary>Reads every non-empty document of a file from its bytes, decoded as go-yaml decodes them.</summary>
    /// <param name="content">The file's bytes: UTF-8 (a byte-order mark is dropped) or UTF-16 with a byte-order mark.</param>
    /// <param name="filePath">The package-relative path, used in error messages.</param>
    /// <returns>The documents, in file order; of UTF-16 text only the first, as kyaml cannot cut it at <c>---</c> lines.</returns>
    /// <exception cref="KrmYamlException">The bytes are not valid UTF-8/UTF-16 (go-yaml's reader texts, such as
    /// <c>yaml: incomplete UTF-8 octet sequence</c>) or the text is not YAML kpt can read.</exception>
    public static IReadOnlyList<YamlDocument> ReadDocumentsFromBytes(ReadOnlySpan<byte> content, string? filePath = null) => KyamlReader.Read(content, filePath);

    /// <summary>Writes documents separated by <c>---</c> lines, in kpt's canonical layout.</summary>
    /// <param name="documents">The documents.</param>
    /// <returns>The text, UTF-8 ready, LF line ends, one final newline.</returns>
    public static string WriteDocuments(IReadOnlyList<YamlDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return KyamlWriter.Write(documents);
    }

    /// <summary>Reads a single-document text such as a Kptfile or function config.</summary>
    /// <param name="text">The text.</param>
    /// <param name="filePath">The path for error messages.</param>
    /// <returns>The document.</returns>
    /// <exception cref="KrmYamlException">The text is not YAML, or holds no document or more than one.</exception>
    public static YamlDocument ReadDocument(string text, string? filePath = null)
    {
        var docs = KyamlReader.Read(text, filePath);
        return docs.Count switch
        {
            1 => docs[0],
            0 => throw new KrmYamlException(filePath, 0, 0, "the file holds no YAML document"),
            _ => throw new KrmYamlException(filePath, 0, 0, "the file holds more than one YAML document"),
        };
    }

    /// <summary>Formats text the way kpt rewrites a package file that it reads and writes back unchanged.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="filePath">The path for error messages.</param>
    /// <returns>The canonical text.</returns>
    public static string Format(string text, string? filePath = null) => KyamlWriter.Write(KyamlReader.Read(text, filePath));
}
