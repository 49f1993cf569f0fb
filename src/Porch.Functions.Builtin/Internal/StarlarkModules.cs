using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Porch.Starlark;

namespace Porch.Functions.Builtin.Internal;

/// <summary>
/// The modules the starlark function's <c>load()</c> serves: <c>krmfn.star</c> (<c>krmfn</c>),
/// <c>encoding/json.star</c> (<c>json</c>) and <c>encoding/base64.star</c> (<c>encode</c>, <c>decode</c>). Any other
/// module loads as empty, as the catalog's loader answers an unknown module, so a name loaded from it is not found.
/// Modules whose functions reach the network, the clock or files (<c>http.star</c>, <c>time.star</c>) are not offered.
/// </summary>
internal static class StarlarkModules
{
    private static readonly IReadOnlyDictionary<string, StarlarkValue> Empty = new Dictionary<string, StarlarkValue>();

    public static IReadOnlyDictionary<string, StarlarkValue> Load(string module) => module switch
    {
        "krmfn.star" => new Dictionary<string, StarlarkValue> { ["krmfn"] = Krmfn() },
        "encoding/json.star" => new Dictionary<string, StarlarkValue> { ["json"] = Json() },
        "encoding/base64.star" => new Dictionary<string, StarlarkValue>
        {
            ["encode"] = new StarlarkBuiltin("encode", a => new StarlarkString(Convert.ToBase64String(Encoding.UTF8.GetBytes(StringArg(a, 0, 1))))),
            ["decode"] = new StarlarkBuiltin("decode", Base64Decode),
        },
        _ => Empty,
    };

    private static StarlarkStruct Krmfn() => new(new Dictionary<string, StarlarkValue>
    {
        // Porch's vendored krmfn: the apiVersion is split into group and version, and the SDK's lenient IsGVK compares.
        ["match_gvk"] = new StarlarkBuiltin("match_gvk", a =>
        {
            var obj = ObjectArg(a, 3);
            var (group, version) = KubeObjects.SplitApiVersion(StringArg(a, 1, 3));
            var kind = StringArg(a, 2, 3);
            var (objGroup, objVersion) = KubeObjects.SplitApiVersion(Field(obj, "apiVersion"));
            var objKind = Field(obj, "kind");
            return StarlarkBool.Of((kind.Length == 0 || objKind.Length == 0 || objKind == kind)
                && (group.Length == 0 || objGroup.Length == 0 || objGroup == group)
                && (version.Length == 0 || objVersion.Length == 0 || objVersion == version));
        }),
        ["match_name"] = new StarlarkBuiltin("match_name", a => StarlarkBool.Of(Metadata(ObjectArg(a, 2), "name") == StringArg(a, 1, 2))),
        ["match_namespace"] = new StarlarkBuiltin("match_namespace", a => StarlarkBool.Of(Metadata(ObjectArg(a, 2), "namespace") == StringArg(a, 1, 2))),
    });

    private static StarlarkStruct Json() => new(new Dictionary<string, StarlarkValue>
    {
        ["encode"] = new StarlarkBuiltin("encode", a =>
        {
            Arity(a, 1);
            var sb = new StringBuilder();
            JsonEncode(a.Positional[0], sb, 0);
            return new StarlarkString(sb.ToString());
        }),
        ["decode"] = new StarlarkBuiltin("decode", a =>
        {
            var text = StringArg(a, 0, 1);
            try
            {
                using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = StarlarkYaml.MaxDepth });
                return JsonDecode(doc.RootElement);
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException("invalid JSON: " + e.Message, e);
            }
        }),
    });

    private static StarlarkValue Base64Decode(StarlarkArguments a)
    {
        var text = StringArg(a, 0, 1);
        try
        {
            return new StarlarkString(Encoding.UTF8.GetString(Convert.FromBase64String(text)));
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException("illegal base64 data", e);
        }
    }

    private static void Arity(StarlarkArguments a, int n)
    {
        if (a.Positional.Count != n || a.Named.Count != 0)
        {
            throw new InvalidOperationException("got " + a.Positional.Count.ToString(CultureInfo.InvariantCulture) + " arguments, want " + n.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static string StringArg(StarlarkArguments a, int index, int arity)
    {
        Arity(a, arity);
        return a.Positional[index] is StarlarkString s
            ? s.Value
            : throw new InvalidOperationException("for parameter " + (index + 1).ToString(CultureInfo.InvariantCulture) + ": got " + a.Positional[index].Type + ", want string");
    }

    private static StarlarkDict ObjectArg(StarlarkArguments a, int arity)
    {
        Arity(a, arity);
        return a.Positional[0] as StarlarkDict ?? throw new InvalidOperationException("for parameter 1: got " + a.Positional[0].Type + ", want dict");
    }

    private static string Field(StarlarkDict obj, string key) => obj.TryGetValue(key, out var v) && v is StarlarkString s ? s.Value : "";

    private static string Metadata(StarlarkDict obj, string key) =>
        obj.TryGetValue("metadata", out var md) && md is StarlarkDict metadata ? Field(metadata, key) : "";

    private static void JsonEncode(StarlarkValue value, StringBuilder sb, int depth)
    {
        if (depth > 1000)
        {
            throw new InvalidOperationException("nesting too deep (cycle?)");
        }

        switch (value)
        {
            case StarlarkNone:
                sb.Append("null");
                break;
            case StarlarkBool b:
                sb.Append(b.Value ? "true" : "false");
                break;
            case StarlarkInt i:
                sb.Append(i.ToBigInteger().ToString(CultureInfo.InvariantCulture));
                break;
            case StarlarkFloat f when double.IsFinite(f.Value):
                sb.Append(GoFloat.FormatG(f.Value));
                break;
            case StarlarkFloat f:
                throw new InvalidOperationException("cannot encode non-finite float " + f.ToRepr());
            case StarlarkString s:
                sb.Append(JsonSerializer.Serialize(s.Value, JsonStrings.Options));
                break;
            case StarlarkDict d:
                var entries = new List<(string Key, StarlarkValue Value)>(d.Count);
                foreach (var (k, v) in d)
                {
                    var key = k as StarlarkString ?? throw new InvalidOperationException(d.Type + " has " + k.Type + " key, want string");
                    entries.Add((key.Value, v));
                }

                entries.Sort((x, y) => string.CompareOrdinal(x.Key, y.Key));
                sb.Append('{');
                for (var n = 0; n < entries.Count; n++)
                {
                    sb.Append(n == 0 ? "" : ",").Append(JsonSerializer.Serialize(entries[n].Key, JsonStrings.Options)).Append(':');
                    JsonEncode(entries[n].Value, sb, depth + 1);
                }

                sb.Append('}');
                break;
            case StarlarkList or StarlarkTuple or StarlarkSet:
                sb.Append('[');
                var first = true;
                foreach (var item in (IEnumerable<StarlarkValue>)value)
                {
                    sb.Append(first ? "" : ",");
                    first = false;
                    JsonEncode(item, sb, depth + 1);
                }

                sb.Append(']');
                break;
            case StarlarkStruct st:
                sb.Append('{');
                for (var n = 0; n < st.FieldNames.Count; n++)
                {
                    st.TryGetField(st.FieldNames[n], out var v);
                    sb.Append(n == 0 ? "" : ",").Append(JsonSerializer.Serialize(st.FieldNames[n], JsonStrings.Options)).Append(':');
                    JsonEncode(v, sb, depth + 1);
                }

                sb.Append('}');
                break;
            default:
                throw new InvalidOperationException("cannot encode " + value.Type + " as JSON");
        }
    }

    private static StarlarkValue JsonDecode(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var dict = new StarlarkDict();
                foreach (var p in e.EnumerateObject())
                {
                    dict[p.Name] = JsonDecode(p.Value);
                }

                return dict;
            case JsonValueKind.Array:
                return new StarlarkList(e.EnumerateArray().Select(JsonDecode).ToList());
            case JsonValueKind.String:
                return new StarlarkString(e.GetString()!);
            case JsonValueKind.Number:
                var raw = e.GetRawText();
                return raw.AsSpan().IndexOfAny(".eE") < 0
                    ? StarlarkInt.Of(BigInteger.Parse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))
                    : new StarlarkFloat(e.GetDouble());
            case JsonValueKind.True:
                return StarlarkBool.True;
            case JsonValueKind.False:
                return StarlarkBool.False;
            default:
                return StarlarkNone.Instance;
        }
    }

    private static class JsonStrings
    {
        public static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    }
}
