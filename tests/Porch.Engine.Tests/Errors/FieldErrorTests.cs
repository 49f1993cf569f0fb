using Porch.Engine.Errors;

namespace Porch.Engine.Tests.Errors;

public sealed class FieldErrorTests
{
    public static TheoryData<FieldError, string, string> Texts() => new()
    {
        { FieldError.Invalid("spec.workspaceName", "Bad_WS", "a lowercase RFC 1123 label"), "spec.workspaceName: Invalid value: \"Bad_WS\": a lowercase RFC 1123 label", "FieldValueInvalid" },
        { FieldError.Invalid("spec.x", "a\"b\\c\n", "bad"), "spec.x: Invalid value: \"a\\\"b\\\\c\\n\": bad", "FieldValueInvalid" },
        { FieldError.Invalid("spec.x", null, "missing"), "spec.x: Invalid value: \"null\": missing", "FieldValueInvalid" },
        { FieldError.Invalid("spec.replicas", -1, "must be greater than or equal to 0"), "spec.replicas: Invalid value: -1: must be greater than or equal to 0", "FieldValueInvalid" },
        { FieldError.Invalid("spec.flag", true, ""), "spec.flag: Invalid value: true", "FieldValueInvalid" },
        { FieldError.Required("spec.git.repo"), "spec.git.repo: Required value", "FieldValueRequired" },
        { FieldError.Forbidden("metadata.labels", "label is managed by porch and cannot be set by users"), "metadata.labels: Forbidden: label is managed by porch and cannot be set by users", "FieldValueForbidden" },
        { FieldError.NotSupported("fieldValidation", "x", ["Ignore", "Strict", "Warn"]), "fieldValidation: Unsupported value: \"x\": supported values: \"Ignore\", \"Strict\", \"Warn\"", "FieldValueNotSupported" },
        { FieldError.Duplicate("spec.tasks[1]", "init"), "spec.tasks[1]: Duplicate value: \"init\"", "FieldValueDuplicate" },
        { FieldError.NotFound("spec.parent.name", "p"), "spec.parent.name: Not found: \"p\"", "FieldValueNotFound" },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void ToString_EachType_IsKubernetesText(FieldError error, string text, string causeType)
    {
        Assert.Equal(text, error.ToString());
        Assert.Equal(text, error.Field + ": " + error.Body);
        Assert.Equal(causeType, error.CauseType);
    }

    [Fact]
    public void Invalid_OneError_KubernetesMessageWithoutBrackets()
    {
        var error = FieldError.Invalid("spec.workspaceName", "Bad_WS", "bad");

        var ex = new PackageValidationException(new QualifiedName("porch.kpt.dev", "PackageRevision", "r.p.Bad_WS"), [error]);

        Assert.Equal("PackageRevision.porch.kpt.dev \"r.p.Bad_WS\" is invalid: spec.workspaceName: Invalid value: \"Bad_WS\": bad", ex.Message);
        Assert.Equal(PorchErrorCode.Invalid, ex.ErrorCode);
        Assert.Equal(422, ex.HttpStatusCode);
        Assert.Equal(new QualifiedName("porch.kpt.dev", "PackageRevision", "r.p.Bad_WS"), ex.InvalidObject);
        Assert.Equal([error], ex.FieldErrors);
    }

    [Fact]
    public void Invalid_SeveralErrors_BracketedAndRepeatedTextsOnce()
    {
        var forbidden = FieldError.Forbidden("metadata.labels", "no");
        var invalid = FieldError.Invalid("spec.packageName", "a, b: c", "bad, really: bad");

        var ex = new PackageValidationException(new QualifiedName("config.porch.kpt.dev", "Repository", "r"), [forbidden, invalid, forbidden]);

        Assert.Equal("Repository.config.porch.kpt.dev \"r\" is invalid: [metadata.labels: Forbidden: no, spec.packageName: Invalid value: \"a, b: c\": bad, really: bad]", ex.Message);
        Assert.Equal(3, ex.FieldErrors.Count);
    }

    [Fact]
    public void Invalid_NoErrors_KubernetesShortMessage() =>
        Assert.Equal("Thing \"x\" is invalid", new PackageValidationException(new QualifiedName("", "Thing", "x"), []).Message);

    [Fact]
    public void PlainException_HasNoFieldErrors()
    {
        var ex = new PackageValidationException("task list must not contain more than one task", PorchErrorCode.RuleViolation);

        Assert.Null(ex.InvalidObject);
        Assert.Empty(ex.FieldErrors);
    }
}
