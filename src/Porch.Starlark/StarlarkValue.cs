using Porch.Starlark.Runtime;

namespace Porch.Starlark;

/// <summary>
/// The base of every Starlark value. Values are created by scripts or by the host through the public
/// subclasses (<see cref="StarlarkDict"/>, <see cref="StarlarkList"/>, <see cref="StarlarkString"/>, ...).
/// </summary>
/// <remarks>The hierarchy is closed: only this assembly can derive new value types.</remarks>
public abstract class StarlarkValue
{
    private protected StarlarkValue()
    {
    }

    /// <summary>Gets the Starlark type name, as returned by the builtin <c>type(x)</c> (for example <c>"dict"</c>).</summary>
    public abstract string Type { get; }

    /// <summary>Gets the truth value of this value, as computed by <c>bool(x)</c>.</summary>
    public virtual bool Truth => true;

    /// <summary>Gets a value indicating whether this value can no longer be mutated (immutable values are always frozen).</summary>
    public virtual bool IsFrozen => true;

    /// <summary>Gets the text of <c>repr(x)</c>, for example <c>["a", 1]</c>.</summary>
    /// <returns>The representation of the value, decoded as UTF-8 text.</returns>
    /// <exception cref="InvalidOperationException">The value is nested too deeply to format.</exception>
    public string ToRepr() => Host(() => ByteString.Decode(Formatter.Repr(this)));

    /// <summary>Returns the text of <c>str(x)</c>: strings without quotes, every other value as its representation.</summary>
    /// <returns>The string form of the value.</returns>
    /// <exception cref="InvalidOperationException">The value is nested too deeply to format.</exception>
    public override string ToString() => Host(() => ByteString.Decode(Formatter.Str(this)));

    /// <summary>Freezes this value and every value reachable from it.</summary>
    public void Freeze() => Freezer.Freeze(this);

    /// <summary>Writes the Starlark representation of this value, as byte-string characters.</summary>
    internal abstract void WriteRepr(ReprBuilder builder);

    /// <summary>Writes the <c>str</c> form; by default the representation.</summary>
    internal virtual void WriteStr(ReprBuilder builder) => WriteRepr(builder);

    /// <summary>Marks this value frozen and pushes the values it refers to.</summary>
    internal virtual void FreezeShallow(Stack<StarlarkValue> pending)
    {
    }

    /// <summary>Returns the hash of a hashable value or throws "unhashable type".</summary>
    internal virtual int HashValue() => throw new StarlarkError("unhashable type: " + Type);

    /// <summary>Gets the names of the attributes (fields and methods) of this value.</summary>
    internal virtual IEnumerable<string> AttributeNames() => MethodTable.Names(this);

    /// <summary>Looks up a field of this value (methods are looked up separately); null when absent.</summary>
    internal virtual StarlarkValue? GetField(string name) => null;

    private static string Host(Func<string> format)
    {
        try
        {
            return format();
        }
        catch (StarlarkError e)
        {
            throw new InvalidOperationException(e.Message, e);
        }
    }
}
