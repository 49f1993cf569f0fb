namespace Porch.Starlark.Runtime;

/// <summary>Freezes a value graph iteratively (deep structures cannot overflow the stack).</summary>
internal static class Freezer
{
    public static void Freeze(StarlarkValue root)
    {
        var pending = new Stack<StarlarkValue>();
        pending.Push(root);
        var seen = new HashSet<StarlarkValue>(ReferenceEqualityComparer.Instance);
        while (pending.Count > 0)
        {
            var v = pending.Pop();
            if (v is StarlarkInt or StarlarkString or StarlarkBool or StarlarkNone or StarlarkFloat or StarlarkBytes)
            {
                continue;
            }

            if (!seen.Add(v))
            {
                continue;
            }

            v.FreezeShallow(pending);
        }
    }
}
