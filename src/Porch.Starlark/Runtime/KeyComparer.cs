namespace Porch.Starlark.Runtime;

/// <summary>Compares hash-table keys with Starlark equality and hashing (which rejects unhashable values).</summary>
internal sealed class KeyComparer : IEqualityComparer<StarlarkValue>
{
    public static readonly KeyComparer Instance = new();

    public bool Equals(StarlarkValue? x, StarlarkValue? y) => x is not null && y is not null && Ops.Equal(x, y);

    public int GetHashCode(StarlarkValue obj) => Ops.Hash(obj);
}
