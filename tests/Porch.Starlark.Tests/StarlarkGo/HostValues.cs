namespace Porch.Starlark.Tests.StarlarkGo;

/// <summary>eval_test.go's <c>hasfields</c>: a host value whose fields can be set until it is frozen; <c>list + hasfields</c> is 42.</summary>
internal sealed class HasFields : StarlarkHostValue
{
    private readonly Dictionary<string, StarlarkValue> _attrs = new(StringComparer.Ordinal);
    private bool _frozen;

    public override string Type => "hasfields";

    public override bool IsFrozen => _frozen;

    public override IEnumerable<string> GetAttributeNames() => _attrs.Keys.Order(StringComparer.Ordinal);

    protected override string Representation => "hasfields";

    public override StarlarkValue? GetAttribute(string name) => _attrs.GetValueOrDefault(name);

    public override void SetAttribute(string name, StarlarkValue value)
    {
        if (_frozen)
        {
            throw new InvalidOperationException("cannot set field on a frozen hasfields");
        }

        if (name.StartsWith("no", StringComparison.Ordinal))
        {
            throw new StarlarkNoSuchAttributeException("no ." + name + " field");
        }

        _attrs[name] = value;
    }

    public override int GetStarlarkHash() => 42;

    public override StarlarkValue? Binary(string op, StarlarkValue other, bool thisOnLeft) =>
        op == "+" && other is StarlarkList ? StarlarkInt.Of(42) : null;

    protected override IEnumerable<StarlarkValue> OnFreeze()
    {
        _frozen = true;
        return _attrs.Values.ToList();
    }
}

/// <summary>eval_test.go's <c>fib</c>: the infinite iterable of Fibonacci numbers.</summary>
internal sealed class Fibonacci : StarlarkHostValue
{
    public override string Type => "fib";

    protected override string Representation => "fib";

    public override int GetStarlarkHash() => throw new InvalidOperationException("fib is unhashable");

    public override IEnumerable<StarlarkValue>? Iterate() => Sequence();

    private static IEnumerable<StarlarkValue> Sequence()
    {
        System.Numerics.BigInteger x = 0, y = 1;
        while (true)
        {
            yield return StarlarkInt.Of(x);
            (x, y) = (y, x + y);
        }
    }
}
