using System.Globalization;
using Porch.Engine.Errors;

namespace Porch.AspNetCore.Internal;

/// <summary><c>limit</c> and <c>continue</c> over an ordered list: the continue token is the offset of the next item.</summary>
internal static class Paging
{
    public static (IReadOnlyList<T> Page, string? Continue, long? Remaining) Apply<T>(IReadOnlyList<T> items, RequestContext request)
    {
        var offset = 0;
        if (request.Query("continue") is { Length: > 0 } token)
        {
            if (!token.StartsWith("o:", StringComparison.Ordinal) ||
                !int.TryParse(token.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset > items.Count)
            {
                throw new PackageValidationException("continue key is not valid: " + token, PorchErrorCode.BadRequest);
            }
        }

        var limit = int.MaxValue;
        if (request.Query("limit") is { Length: > 0 } text &&
            (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit <= 0))
        {
            limit = int.MaxValue;
        }

        var count = Math.Min(limit, items.Count - offset);
        var page = items.Skip(offset).Take(count).ToList();
        var next = offset + count;
        return next < items.Count
            ? (page, "o:" + next.ToString(CultureInfo.InvariantCulture), items.Count - next)
            : (page, null, null);
    }
}
