namespace Porch.Engine.Errors;

/// <summary>
/// What is wrong with a field, as Kubernetes classifies it (<c>k8s.io/apimachinery/pkg/util/validation/field.ErrorType</c>).
/// </summary>
public enum FieldErrorType
{
    /// <summary>The value refers to something that does not exist (<c>Not found</c>, cause <c>FieldValueNotFound</c>).</summary>
    NotFound,

    /// <summary>A required field is missing (<c>Required value</c>, cause <c>FieldValueRequired</c>); the value is not shown.</summary>
    Required,

    /// <summary>The value must be unique and is not (<c>Duplicate value</c>, cause <c>FieldValueDuplicate</c>).</summary>
    Duplicate,

    /// <summary>The value is malformed or out of range (<c>Invalid value</c>, cause <c>FieldValueInvalid</c>).</summary>
    Invalid,

    /// <summary>The value is not one of the supported ones (<c>Unsupported value</c>, cause <c>FieldValueNotSupported</c>).</summary>
    NotSupported,

    /// <summary>The field may not be set or changed here (<c>Forbidden</c>, cause <c>FieldValueForbidden</c>); the value is not shown.</summary>
    Forbidden,
}
