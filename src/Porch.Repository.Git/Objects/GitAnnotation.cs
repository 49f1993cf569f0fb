using System.Text;
using System.Text.Json;
using Porch.Engine.Api;

namespace Porch.Repository.Git.Objects;

/// <summary>
/// Porch's machine-readable commit line <c>kpt:{json}</c> with the fields <c>package</c> (full path including the
/// repository directory), <c>workspaceName</c>, <c>revision</c> (decimal string) and <c>task</c>.
/// </summary>
internal sealed record GitAnnotation(string? Package, string? WorkspaceName, string? Revision, string? TaskType, TaskSpec? Task)
{
    public const string Prefix = "kpt:";

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

    public static bool TryParse(string json, out GitAnnotation annotation)
    {
        annotation = new GitAnnotation(null, null, null, null, null);
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            if (!TryString(root, "package", out var package) ||
                !TryString(root, "workspaceName", out var workspace) ||
                !TryString(root, "revision", out var revision))
            {
                return false;
            }

            string? taskType = null;
            TaskSpec? task = null;
            if (root.TryGetProperty("task", out var taskElement) && taskElement.ValueKind != JsonValueKind.Null)
            {
                if (taskElement.ValueKind != JsonValueKind.Object ||
                    !taskElement.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
                {
                    return false;
                }

                taskType = typeElement.GetString();
                try
                {
                    task = taskElement.Deserialize(PorchJsonContext.Default.TaskSpec);
                }
                catch (JsonException)
                {
                    // A task type Porch once wrote and no longer has (eval, patch): the annotation still counts.
                    task = null;
                }
            }

            annotation = new GitAnnotation(package, workspace, revision, taskType, task);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

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

    private static bool TryString(JsonElement root, string name, out string? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = element.GetString();
        return true;
    }
}
