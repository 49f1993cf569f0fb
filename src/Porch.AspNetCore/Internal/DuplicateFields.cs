using System.Globalization;
using System.Text.Json;

namespace Porch.AspNetCore.Internal;

/// <summary>apiserver's field validation: Strict (refuse), Warn (warning headers, the default), Ignore.</summary>
internal enum FieldValidation
{
    Warn,
    Strict,
    Ignore,
}

/// <summary>Finds keys that appear twice in one JSON object, named by path as apiserver names them (<c>spec.tasks[0].type</c>).</summary>
internal static class DuplicateFields
{
    public static IReadOnlyList<string> Find(byte[] json, int maxDepth)
    {
        var found = new List<string>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        var frames = new Stack<Frame>();
        string? pendingKey = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        var path = ChildPath(frames, pendingKey);
                        pendingKey = null;
                        frames.Push(new Frame(path, reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.Pop();
                        Advance(frames);
                        break;
                    case JsonTokenType.PropertyName:
                        var key = reader.GetString()!;
                        var frame = frames.Peek();
                        if (!frame.Keys.Add(key))
                        {
                            found.Add(frame.Path.Length == 0 ? key : frame.Path + "." + key);
                        }

                        pendingKey = key;
                        break;
                    default:
                        pendingKey = null;
                        Advance(frames);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed JSON: the parser that follows reports it.
        }

        return found;
    }

    private static string ChildPath(Stack<Frame> frames, string? key)
    {
        if (frames.Count == 0)
        {
            return "";
        }

        var parent = frames.Peek();
        if (parent.IsArray)
        {
            return parent.Path + "[" + parent.Index.ToString(CultureInfo.InvariantCulture) + "]";
        }

        return parent.Path.Length == 0 ? key ?? "" : parent.Path + "." + key;
    }

    /// <summary>A value of an array was read: the next one has the next index.</summary>
    private static void Advance(Stack<Frame> frames)
    {
        if (frames.Count > 0 && frames.Peek().IsArray)
        {
            frames.Peek().Index++;
        }
    }

    private sealed class Frame(string path, bool isArray)
    {
        public string Path { get; } = path;

        public bool IsArray { get; } = isArray;

        public int Index { get; set; }

        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
    }
}
