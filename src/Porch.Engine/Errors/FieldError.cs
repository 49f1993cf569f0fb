using System.Globalization;
using Porch.Engine.Api;
using Porch.Krm;

namespace Porch.Engine.Errors;

/// <summary>
/// One problem with one field of an object, as Kubernetes reports it (<c>field.Error</c>): its type, the field path,
/// the bad value and a detail. <see cref="ToString"/> is Kubernetes' text, for example
/// <c>spec.workspaceName: Invalid value: "Bad_WS": a lowercase RFC 1123 label must ...</c>.
/// </summary>
/// <param name="Type">What is wrong.</param>
/// <param name="Field">The field path, for example <c>spec.lifecycle</c>.</param>
/// <param name="BadValue">The offending value; not shown for <see cref="FieldErrorType.Required"/> and <see cref="FieldErrorType.Forbidden"/>.</param>
/// <param name="Detail">Why the value is wrong; may be empty.</param>
public sealed record FieldError(FieldErrorType Type, string Field, object? BadValue, string Detail)
{
    /// <summary>A malformed or out-of-range value.</summary>
    /// <param name="field">The field path.</param>
    /// <param name="value">The value.</param>
    /// <param name="detail">Why it is invalid.</param>
    /// <returns>The error.</returns>
    public static FieldError Invalid(string field, object? value, string detail) => new(FieldErrorType.Invalid, field, value, detail);

    /// <summary>A missing required field.</summary>
    /// <param name="field">The field path.</param>
    /// <param name="detail">An optional detail.</param>
    /// <returns>The error.</returns>
    public static FieldError Required(string field, string detail = "") => new(FieldErrorType.Required, field, null, detail);

    /// <summary>A field that may not be set or changed.</summary>
    /// <param name="field">The field path.</param>
    /// <param name="detail">Why not.</param>
    /// <returns>The error.</returns>
    public static FieldError Forbidden(string field, string detail) => new(FieldErrorType.Forbidden, field, null, detail);

    /// <summary>A value that is not one of <paramref name="supportedValues"/>; the detail lists them as Kubernetes does.</summary>
    /// <param name="field">The field path.</param>
    /// <param name="value">The value.</param>
    /// <param name="supportedValues">The supported values.</param>
    /// <returns>The error.</returns>
    public static FieldError NotSupported(string field, object? value, IEnumerable<string> supportedValues)
    {
        ArgumentNullException.ThrowIfNull(supportedValues);
        var quoted = supportedValues.Select(GoString.Quote).ToList();
        return new(FieldErrorType.NotSupported, field, value, quoted.Count == 0 ? "" : "supported values: " + string.Join(", ", quoted));
    }

    /// <summary>A value that must be unique and is not.</summary>
    /// <param name="field">The field path.</param>
    /// <param name="value">The value.</param>
    /// <returns>The error.</returns>
    public static FieldError Duplicate(string field, object? value) => new(FieldErrorType.Duplicate, field, value, "");

    /// <summary>A value that refers to something that does not exist.</summary>
    /// <param name="field">The field path.</param>
    /// <param name="value">The value.</param>
    /// <returns>The error.</returns>
    public static FieldError NotFound(string field, object? value) => new(FieldErrorType.NotFound, field, value, "");

    /// <summary>Gets the Kubernetes <c>StatusCause</c> type (<c>reason</c>) of this error, for example <c>FieldValueInvalid</c>.</summary>
    public string CauseType => Type switch
    {
        FieldErrorType.NotFound => "FieldValueNotFound",
        FieldErrorType.Required => "FieldValueRequired",
        FieldErrorType.Duplicate => "FieldValueDuplicate",
        FieldErrorType.NotSupported => "FieldValueNotSupported",
        FieldErrorType.Forbidden => "FieldValueForbidden",
        _ => "FieldValueInvalid",
    };

    /// <summary>
    /// Gets the text without the field path (Kubernetes' <c>ErrorBody</c>, the <c>message</c> of a Status cause):
    /// the type, the value unless the type hides it (strings quoted as Go's <c>%q</c>), then the detail.
    /// </summary>
    public string Body
    {
        get
        {
            var text = Type switch
            {
                FieldErrorType.Required or FieldErrorType.Forbidden => TypeText,
                _ => TypeText + ": " + FormatValue(BadValue),
            };
            return string.IsNullOrEmpty(Detail) ? text : text + ": " + Detail;
        }
    }

    private string TypeText => Type switch
    {
        FieldErrorType.NotFound => "Not found",
        FieldErrorType.Required => "Required value",
        FieldErrorType.Duplicate => "Duplicate value",
        FieldErrorType.NotSupported => "Unsupported value",
        FieldErrorType.Forbidden => "Forbidden",
        _ => "Invalid value",
    };

    /// <summary>Returns Kubernetes' text of the error: <c>field: body</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Field + ": " + Body;

    /// <summary>
    /// Kubernetes' aggregate of a list (<c>ErrorList.ToAggregate().Error()</c>): one error as is, several in brackets
    /// separated by <c>", "</c>, repeated texts once.
    /// </summary>
    internal static string Aggregate(IReadOnlyList<FieldError> errors)
    {
        var texts = errors.Select(e => e.ToString()).Distinct(StringComparer.Ordinal).ToList();
        return texts.Count == 1 ? texts[0] : "[" + string.Join(", ", texts) + "]";
    }

    /// <summary>Kubernetes' <c>NewInvalid</c> message: <c>Kind.group "name" is invalid: errors</c>.</summary>
    internal static string InvalidMessage(QualifiedName invalidObject, IReadOnlyList<FieldError> errors) =>
        errors.Count == 0 ? $"{invalidObject} is invalid" : $"{invalidObject} is invalid: {Aggregate(errors)}";

    /// <summary>Go's printing of a bad value as apimachinery does it: strings (and a missing value, as "null") quoted, numbers and booleans plain.</summary>
    private static string FormatValue(object? value) => value switch
    {
        null => GoString.Quote("null"),
        string s => GoString.Quote(s),
        bool b => b ? "true" : "false",
        IFormattable f and (sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal) => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
