using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Porch.Engine.Api;

namespace Porch.Repository.Git.Objects;

/// <summary>
/// Porch's machine-readable commit line <c>kpt:{json}</c> with the fields <c>package</c> (full path including the
/// repository directory), <c>workspaceName</c>, <c>revision</c> (decimal string) and <c>task</c>.
/// </summary>
internal sealed record GitAnnotation(string? Package, string? WorkspaceName, string? Revision, string? TaskType, TaskSpec? Task)
{
    public const string Prefix = "kpt:";

    // The white space char.IsWhiteSpace finds among ASCII characters (what string.Trim removes at ASCII ends).
    private static ReadOnlySpan<byte> AsciiWhiteSpace => " \t\n\v\f\r"u8;

    /// <summary>Gets a value indicating whether the task creates a revision (init, clone, edit, upgrade).</summary>
    public bool IsCreatingTask => TaskType is "init" or "clone" or "edit" or "upgrade";

    /// <summary>Gets a value indicating whether the task starts a revision's history (init, clone).</summary>
    public bool IsStartingTask => TaskType is "init" or "clone";

    /// <summary>Whether this annotation belongs to <paramref name="package"/> in <paramref name="workspace"/> (legacy: revision = workspace, no workspaceName).</summary>
    public bool Matches(string package, string workspace) =>
        Package == package &&
        (WorkspaceName == workspace || (string.IsNullOrEmpty(WorkspaceName) && Revision == workspace));

    /// <summary>Collects every <c>kpt:</c> line of <paramref name="message"/>: parsed ones into <paramref name="valid"/>, malformed ones into <paramref name="invalid"/>.</summary>
    public static void ParseAll(string message, List<GitAnnotation> valid, List<string> invalid)
    {
        if (!message.Contains(Prefix, StringComparison.Ordinal))
        {
            return;
        }

        foreach (var range in message.AsSpan().Split('\n'))
        {
            var span = message.AsSpan(range).Trim();
            if (!span.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var line = span.ToString();

            if (TryParse(line[Prefix.Length..], out var annotation))
            {
                valid.Add(annotation);
            }
            else
            {
                invalid.Add(line);
            }
        }
    }

    /// <summary>
    /// Collects every <c>kpt:</c> line of a UTF-8 <paramref name="message"/> as <see cref="ParseAll(string, List{GitAnnotation}, List{string})"/>
    /// does for its text, reading the lines in place; a line that is not valid UTF-8 or may hold non-ASCII white space at
    /// either end is read as text (its invalid bytes become U+FFFD, as decoding the message would make them).
    /// </summary>
    public static void ParseAll(ReadOnlySpan<byte> message, List<GitAnnotation> valid, List<string> invalid)
    {
        if (message.IndexOf("kpt:"u8) < 0)
        {
            return;
        }

        foreach (var range in message.Split((byte)'\n'))
        {
            var line = message[range];
            var span = line.Trim(AsciiWhiteSpace);
            if (span.Length > 0 && (span[0] >= 0x80 || span[^1] >= 0x80 || !Utf8.IsValid(span)))
            {
                ParseAll(Encoding.UTF8.GetString(line), valid, invalid);
                continue;
            }

            if (!span.StartsWith("kpt:"u8))
            {
                continue;
            }

            if (TryParse(span[Prefix.Length..], out var annotation))
            {
                valid.Add(annotation);
            }
            else
            {
                invalid.Add(Encoding.UTF8.GetString(span));
            }
        }
    }

    public static bool TryParse(string json, out GitAnnotation annotation) => TryParse(Encoding.UTF8.GetBytes(json), out annotation);

    /// <summary>Parses the JSON of an annotation (the text after <c>kpt:</c>) from UTF-8.</summary>
    public static bool TryParse(ReadOnlySpan<byte> json, out GitAnnotation annotation)
    {
        annotation = new GitAnnotation(null, null, null, null, null);

        // One pass of a reader over the text (no document): the object's string fields, the task's type and the task.
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            string? package = null, workspace = null, revision = null, taskType = null;
            TaskSpec? task = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("package"u8))
                {
                    if (!reader.Read() || !TryString(ref reader, out package))
                    {
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("workspaceName"u8))
                {
                    if (!reader.Read() || !TryString(ref reader, out workspace))
                    {
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("revision"u8))
                {
                    if (!reader.Read() || !TryString(ref reader, out revision))
                    {
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("task"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        (taskType, task) = (null, null);
                        continue;
                    }

                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        return false;
                    }

                    // The type first (a task without one makes the annotation invalid); the scan also meets any syntax
                    // error of the task before it is deserialized.
                    var probe = reader;
                    taskType = ReadTaskType(ref probe);
                    if (taskType is null)
                    {
                        return false;
                    }

                    var copy = reader;
                    try
                    {
                        task = JsonSerializer.Deserialize(ref copy, PorchJsonContext.Default.TaskSpec);
                    }
                    catch (JsonException)
                    {
                        // A task type Porch once wrote and no longer has (eval, patch): the annotation still counts.
                        task = null;
                    }

                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return false; // not one object, or text after it
            }

            annotation = new GitAnnotation(package, workspace, revision, taskType, task);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A string field's value (null for JSON null); false for any other kind.</summary>
    private static bool TryString(ref Utf8JsonReader reader, out string? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        value = reader.GetString();
        return true;
    }

    /// <summary>The string <c>type</c> of the object the reader is at (the last one given), or null; reads to the object's end.</summary>
    private static string? ReadTaskType(ref Utf8JsonReader reader)
    {
        var depth = reader.CurrentDepth;
        string? type = null;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1)
            {
                var isType = reader.ValueTextEquals("type"u8);
                reader.Read();
                if (isType)
                {
                    type = reader.TokenType == JsonTokenType.String ? KnownTaskType(ref reader) ?? reader.GetString() : null;
                }

                reader.Skip();
            }
        }

        return type;
    }

    /// <summary>The task type the reader's string value spells, as a shared string, when it is one Porch writes; else null.</summary>
    private static string? KnownTaskType(ref Utf8JsonReader reader)
    {
        foreach (var type in KnownTaskTypes)
        {
            if (reader.ValueTextEquals(type))
            {
                return type;
            }
        }

        return null;
    }

    private static readonly string[] KnownTaskTypes = ["init", "clone", "edit", "upgrade", "render", "push", "eval", "patch"];

    /// <summary>Renders the annotation line without the leading blank line: <c>kpt:{...}\n</c>.</summary>
    public string Format()
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (!string.IsNullOrEmpty(Package))
            {
                writer.WriteString("package", Package);
            }

            if (!string.IsNullOrEmpty(WorkspaceName))
            {
                writer.WriteString("workspaceName", WorkspaceName);
            }

            if (!string.IsNullOrEmpty(Revision))
            {
                writer.WriteString("revision", Revision);
            }

            if (Task is not null)
            {
                writer.WritePropertyName("task");
                JsonSerializer.Serialize(writer, Task, PorchJsonContext.Default.TaskSpec);
            }

            writer.WriteEndObject();
        }

        return Prefix + Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
