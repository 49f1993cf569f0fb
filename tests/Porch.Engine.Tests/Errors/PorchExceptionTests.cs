using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Krm;
using Porch.Krm.Functions;

namespace Porch.Engine.Tests.Errors;

public sealed class PorchExceptionTests
{
    [Theory]
    [InlineData(PorchErrorCode.BadRequest, 400)]
    [InlineData(PorchErrorCode.Validation, 500)]
    [InlineData(PorchErrorCode.RuleViolation, 500)]
    [InlineData(PorchErrorCode.Forbidden, 403)]
    [InlineData(PorchErrorCode.NotFound, 404)]
    [InlineData(PorchErrorCode.MethodNotSupported, 405)]
    [InlineData(PorchErrorCode.Conflict, 409)]
    [InlineData(PorchErrorCode.Gone, 410)]
    [InlineData(PorchErrorCode.Invalid, 422)]
    [InlineData(PorchErrorCode.InvalidLifecycleTransition, 422)]
    [InlineData(PorchErrorCode.Internal, 500)]
    [InlineData(PorchErrorCode.FunctionFailed, 500)]
    [InlineData(PorchErrorCode.RepositoryUnavailable, 503)]
    public void ToHttpStatusCode_Code_MapsToKubernetesStatus(PorchErrorCode code, int expected)
    {
        Assert.Equal(expected, code.ToHttpStatusCode());
    }

    [Theory]
    [InlineData(PorchErrorCode.BadRequest, "BadRequest")]
    [InlineData(PorchErrorCode.Validation, "InternalError")]
    [InlineData(PorchErrorCode.RuleViolation, "InternalError")]
    [InlineData(PorchErrorCode.Forbidden, "Forbidden")]
    [InlineData(PorchErrorCode.NotFound, "NotFound")]
    [InlineData(PorchErrorCode.MethodNotSupported, "MethodNotAllowed")]
    [InlineData(PorchErrorCode.Conflict, "Conflict")]
    [InlineData(PorchErrorCode.Gone, "Expired")]
    [InlineData(PorchErrorCode.Invalid, "Invalid")]
    [InlineData(PorchErrorCode.InvalidLifecycleTransition, "Invalid")]
    [InlineData(PorchErrorCode.Internal, "InternalError")]
    [InlineData(PorchErrorCode.FunctionFailed, "InternalError")]
    [InlineData(PorchErrorCode.RepositoryUnavailable, "ServiceUnavailable")]
    public void ToStatusReason_Code_MapsToKubernetesReason(PorchErrorCode code, string expected) =>
        Assert.Equal(expected, code.ToStatusReason());

    [Fact]
    public void EveryCode_OnlyEngineFailuresAre500() =>
        Assert.All(Enum.GetValues<PorchErrorCode>(), c => Assert.Equal(
            c is PorchErrorCode.Internal or PorchErrorCode.FunctionFailed or PorchErrorCode.Validation or PorchErrorCode.RuleViolation,
            c.ToHttpStatusCode() == 500));

    [Fact]
    public void RepositoryNotFound_KubernetesNotFoundText()
    {
        var ex = new RepositoryNotFoundException("default", "nope");

        Assert.Equal("repositories.config.porch.kpt.dev \"nope\" not found", ex.Message);
        Assert.Equal(PorchErrorCode.NotFound, ex.ErrorCode);
        Assert.Equal(404, ex.HttpStatusCode);
        Assert.Equal(("default", "nope"), (ex.Namespace, ex.Name));
    }

    [Fact]
    public void Wrappers_OfATransientFailure_AreTransient()
    {
        var unavailable = new RepositoryUnavailableException("timed out");

        Assert.True(new PackageValidationException("failed to close package revision draft: timed out", PorchErrorCode.RepositoryUnavailable, unavailable).IsTransient);
        Assert.True(new RenderPersistException("failed to persist", unavailable).IsTransient);
        Assert.False(new PackageValidationException("x", PorchErrorCode.RuleViolation, new PackageRevisionConflictException("y")).IsTransient);
        Assert.False(new RenderPersistException("failed to persist", new TimeoutException()).IsTransient);
    }

    [Fact]
    public void Leaves_Message_IsPassedThroughVerbatim()
    {
        const string message = "another request is already in progress on package revision \"ns/name\"";

        var exceptions = new Exception[]
        {
            new PackageValidationException(message),
            new PackageRevisionNotFoundException(message),
            new PackageRevisionConflictException(message),
            new InvalidLifecycleTransitionException(message, PackageRevisionLifecycle.Draft, PackageRevisionLifecycle.Published),
            new RepositoryUnavailableException(message),
            new FunctionEvaluationException(message),
            new RenderPersistException(message, new IOException("disk")),
        };

        Assert.All(exceptions, e => Assert.Equal(message, e.Message));
        Assert.Equal(
            [PorchErrorCode.Validation, PorchErrorCode.NotFound, PorchErrorCode.Conflict, PorchErrorCode.InvalidLifecycleTransition,
             PorchErrorCode.RepositoryUnavailable, PorchErrorCode.FunctionFailed, PorchErrorCode.Internal],
            exceptions.Select(e => PorchErrorCodeExtensions.ErrorCodeOf(e)));
    }

    [Fact]
    public void ErrorCodeOf_KrmErrors_GetPorchsCodes_OtherExceptionsNone()
    {
        Assert.Equal(PorchErrorCode.BadRequest, PorchErrorCodeExtensions.ErrorCodeOf(new Porch.Krm.KrmYamlException("Kptfile", 1, 2, "bad")));
        Assert.Equal(PorchErrorCode.BadRequest, PorchErrorCodeExtensions.ErrorCodeOf(new Porch.Krm.PackagePathException("../x", "bad path")));
        Assert.Equal(PorchErrorCode.Validation, PorchErrorCodeExtensions.ErrorCodeOf(new Porch.Krm.Merge.PackageMergeException("conflict")));
        Assert.Equal(PorchErrorCode.FunctionFailed, PorchErrorCodeExtensions.ErrorCodeOf(new Porch.Krm.Functions.FunctionEvaluationException("failed")));
        Assert.Null(PorchErrorCodeExtensions.ErrorCodeOf(new InvalidOperationException("x")));
    }

    [Fact]
    public void RepositoryUnavailable_IsTransient_OthersAreNot()
    {
        Assert.True(new RepositoryUnavailableException("x", new TimeoutException()).IsTransient);
        Assert.False(new PackageRevisionConflictException("x").IsTransient);
        Assert.Equal(503, new RepositoryUnavailableException("x").HttpStatusCode);
    }

    [Fact]
    public void PackageValidation_WithCode_ReportsThatCode()
    {
        var ex = new PackageValidationException("label is managed by porch and cannot be set by users", PorchErrorCode.Forbidden);

        Assert.Equal(403, ex.HttpStatusCode);
    }

    [Fact]
    public void RenderPersist_KeepsBothErrors()
    {
        var persist = new IOException("persist failed");
        var render = new InvalidOperationException("render failed");

        var ex = new RenderPersistException("persist failed", persist, render);

        Assert.Same(persist, ex.InnerException);
        Assert.Same(persist, ex.PersistError);
        Assert.Same(render, ex.RenderError);
    }

    [Fact]
    public void FunctionEvaluation_CarriesResults()
    {
        var results = new FunctionResultList { ExitCode = 1 };

        Assert.Same(results, new FunctionEvaluationException("fn failed", results).Results);
    }
}
