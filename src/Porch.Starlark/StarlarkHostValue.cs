using Porch.Starlark.Runtime;

namespace Porch.Starlark;

/// <summary>
/// The base of a value type defined by the host, as go.starlark.net's <c>Value</c> interface with its optional
/// <c>HasAttrs</c>, <c>HasSetField</c>, <c>Iterable</c> and <c>HasBinary</c> parts: override the members the type
/// supports. An exception thrown by an override fails the script with its message.
/// </summary>
public abstract class StarlarkHostValue : StarlarkValue
{
    /// <summary>Initializes a new instance of the <see cref="StarlarkHostValue"/> class.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0022", Justification = "Deliberate: this is the one "
        + "extension point of the value hierarchy; StarlarkValue's own constructor stays private protected.")]
    protected StarlarkHostValue()
    {
    }

    /// <summary>Returns the names of the attributes (listed by <c>dir(x)</c>); none by default.</summary>
    /// <returns>The names.</returns>
    public virtual IEnumerable<string> GetAttributeNames() => Array.Empty<string>();

    /// <summary>Gets the text of <c>str(x)</c> and <c>repr(x)</c>; by default <c>&lt;type&gt;</c>.</summary>
    protected virtual string Representation => "<" + Type + ">";

    /// <summary>Returns the attribute <paramref name="name"/> (<c>x.name</c>), or null when there is none.</summary>
    /// <param name="name">The attribute name.</param>
    /// <returns>The value, or null for "has no .name field or method".</returns>
    public virtual StarlarkValue? GetAttribute(string name) => null;

    /// <summary>Assigns <c>x.name = value</c>; by default the type has no assignable fields.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="StarlarkNoSuchAttributeException">The value has no such field (a spelling suggestion is added).</exception>
    /// <exception cref="InvalidOperationException">The field cannot be assigned (the message is the Starlark error).</exception>
    public virtual void SetAttribute(string name, StarlarkValue value) =>
        throw new InvalidOperationException("can't assign to ." + name + " field of " + Type);

    /// <summary>Returns the elements of <c>for x in value</c>, or null when the value is not iterable (the default).</summary>
    /// <returns>The elements; they may be infinite (a loop stops them by <c>break</c> or the step budget).</returns>
    public virtual IEnumerable<StarlarkValue>? Iterate() => null;

    /// <summary>
    /// Computes a binary operation the built-in types do not define, with this value on the left
    /// (<paramref name="thisOnLeft"/>) or the right; null when the operation is not defined (the default).
    /// </summary>
    /// <param name="op">The operator text, for example <c>+</c>.</param>
    /// <param name="other">The other operand.</param>
    /// <param name="thisOnLeft">True when this value is the left operand.</param>
    /// <returns>The result, or null.</returns>
    public virtual StarlarkValue? Binary(string op, StarlarkValue other, bool thisOnLeft) => null;

    /// <summary>Returns the hash of the value (for dict keys and sets); by default the value is not hashable.</summary>
    /// <returns>The hash.</returns>
    /// <exception cref="InvalidOperationException">The value is not hashable (the message is the Starlark error).</exception>
    public virtual int GetStarlarkHash() => throw new InvalidOperationException("unhashable type: " + Type);

    /// <summary>
    /// Marks the value frozen when <see cref="StarlarkValue.Freeze"/> reaches it and returns the values it refers to,
    /// which are frozen in turn (iteratively: deep structures do not recurse). By default nothing.
    /// </summary>
    /// <returns>The values to freeze next.</returns>
    protected virtual IEnumerable<StarlarkValue> OnFreeze() => Array.Empty<StarlarkValue>();

    internal override StarlarkValue? GetField(string name) => Host(() => GetAttribute(name));

    internal override IEnumerable<string> AttributeNames() => Host(() => GetAttributeNames().ToList());

    internal override void FreezeShallow(Stack<StarlarkValue> pending)
    {
        foreach (var v in Host(() => OnFreeze().ToList()))
        {
            pending.Push(v);
        }
    }

    internal override int HashValue() => Host(GetStarlarkHash);

    internal override void WriteRepr(ReprBuilder builder) => builder.Append(ByteString.Encode(Host(() => Representation)));

    internal void SetField(string name, StarlarkValue value)
    {
        try
        {
            SetAttribute(name, value);
        }
        catch (StarlarkNoSuchAttributeException e)
        {
            // go.starlark.net's setField: a NoSuchAttrError gets the nearest attribute name as a suggestion.
            var nearest = Spelling.Nearest(name, AttributeNames());
            throw new StarlarkError(e.Message + (nearest is null ? string.Empty : " (did you mean ." + nearest + "?)"), StarlarkErrorKind.Error, e);
        }
        catch (Exception e) when (e is not StarlarkError and not StarlarkEvalException and not OutOfMemoryException)
        {
            throw new StarlarkError(e.Message, StarlarkErrorKind.Error, e);
        }
    }

    internal IEnumerable<StarlarkValue>? IterateHost() => Host(Iterate);

    internal StarlarkValue? BinaryHost(string op, StarlarkValue other, bool thisOnLeft) => Host(() => Binary(op, other, thisOnLeft));

    private static T Host<T>(Func<T> f)
    {
        try
        {
            return f();
        }
        catch (Exception e) when (e is not StarlarkError and not StarlarkEvalException and not OutOfMemoryException)
        {
            throw new StarlarkError(e.Message, StarlarkErrorKind.Error, e);
        }
    }
}
