using System.Globalization;
using System.Text;

namespace Porch.Starlark.Runtime;

/// <summary>The <c>str.format</c> method: <c>{}</c>, <c>{0}</c>, <c>{name}</c>, <c>!r</c>/<c>!s</c> conversions.</summary>
internal static class StringFormat
{
    public static string Format(string format, StarlarkValue[] args, KeyValuePair<string, StarlarkValue>[] kwargs, StarlarkThread thread)
    {
        var sb = new StringBuilder(format.Length + 16);
        var auto = 0;
        var mode = 0; // 0 unknown, 1 automatic, 2 manual
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '}')
            {
                if (i + 1 < format.Length && format[i + 1] == '}')
                {
                    sb.Append('}');
                    i++;
                    continue;
                }

                throw new StarlarkError("single '}' in format");
            }

            if (c != '{')
            {
                sb.Append(c);
                continue;
            }

            if (i + 1 < format.Length && format[i + 1] == '{')
            {
                sb.Append('{');
                i++;
                continue;
            }

            var close = format.IndexOf('}', i);
            if (close < 0)
            {
                throw new StarlarkError("unmatched '{' in format");
            }

            var field = format[(i + 1)..close];
            i = close;
            if (field.Contains('{', StringComparison.Ordinal))
            {
                throw new StarlarkError("nested replacement fields not supported");
            }

            string? conv = null;
            var colon = field.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                if (colon + 1 < field.Length)
                {
                    throw new StarlarkError("format spec features not implemented in replacement fields: " + ByteString.Decode(field[colon..]));
                }

                field = field[..colon];
            }

            var bang = field.IndexOf('!', StringComparison.Ordinal);
            if (bang >= 0)
            {
                conv = field[(bang + 1)..];
                field = field[..bang];
            }

            StarlarkValue arg;
            if (field.Length == 0)
            {
                if (mode == 2)
                {
                    throw new StarlarkError("cannot switch from manual field specification to automatic field numbering");
                }

                mode = 1;
                if (auto >= args.Length)
                {
                    throw new StarlarkError("tuple index out of range");
                }

                arg = args[auto++];
            }
            else if (field.All(char.IsAsciiDigit))
            {
                if (mode == 1)
                {
                    throw new StarlarkError("cannot switch from automatic field numbering to manual field specification");
                }

                mode = 2;
                var index = int.Parse(field, CultureInfo.InvariantCulture);
                if (index >= args.Length)
                {
                    throw new StarlarkError("tuple index out of range");
                }

                arg = args[index];
            }
            else
            {
                if (field.Contains('.', StringComparison.Ordinal))
                {
                    throw new StarlarkError("attribute syntax x.y is not supported in replacement fields: " + ByteString.Decode(field));
                }

                if (field.Contains('[', StringComparison.Ordinal))
                {
                    throw new StarlarkError("element syntax a[i] is not supported in replacement fields: " + ByteString.Decode(field));
                }

                var name = ByteString.Decode(field);
                var found = false;
                arg = StarlarkNone.Instance;
                foreach (var (k, v) in kwargs)
                {
                    if (k == name)
                    {
                        arg = v;
                        found = true;
                        break;
                    }
                }

                if (!found)
                {
                    throw new StarlarkError("keyword " + name + " not found");
                }
            }

            switch (conv)
            {
                case null:
                case "s":
                    sb.Append(Formatter.Str(arg));
                    break;
                case "r":
                    sb.Append(Formatter.Repr(arg));
                    break;
                default:
                    throw new StarlarkError("unknown conversion !" + ByteString.Decode(conv));
            }

            thread.Charge(2L * sb.Length);
        }

        return sb.ToString();
    }
}
