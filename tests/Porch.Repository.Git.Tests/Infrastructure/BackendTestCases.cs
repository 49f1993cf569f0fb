using System.ComponentModel;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Porch.Repository.Git.Tests.Infrastructure;

/// <summary>
/// The backend a test case runs against. Every <see cref="BackendFactAttribute"/> / <see cref="BackendTheoryAttribute"/>
/// method is discovered once per <see cref="GitBackendKind"/>; the case sets this value before the test class is
/// constructed, and <see cref="GitTestContext"/> builds its adapter with it.
/// </summary>
internal static class GitBackendUnderTest
{
    private static readonly AsyncLocal<GitBackendKind?> Ambient = new();

    public static GitBackendKind Current => Ambient.Value ?? GitBackendKind.Cli;

    internal static void Set(GitBackendKind? backend) => Ambient.Value = backend;
}

/// <summary>A fact run once per Git backend (the display name ends with <c>[Cli]</c> or <c>[LibGit2Sharp]</c>).</summary>
[XunitTestCaseDiscoverer("Porch.Repository.Git.Tests.Infrastructure.BackendFactDiscoverer", "Porch.Repository.Git.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BackendFactAttribute : FactAttribute;

/// <summary>A theory whose every data row runs once per Git backend.</summary>
[XunitTestCaseDiscoverer("Porch.Repository.Git.Tests.Infrastructure.BackendTheoryDiscoverer", "Porch.Repository.Git.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BackendTheoryAttribute : TheoryAttribute;

/// <summary>Discovers one <see cref="BackendTestCase"/> per backend.</summary>
public sealed class BackendFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        Enum.GetValues<GitBackendKind>().Select(backend => (IXunitTestCase)new BackendTestCase(
            diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, backend));
}

/// <summary>Discovers one case per data row and backend (or one theory case per backend when rows cannot be enumerated).</summary>
public sealed class BackendTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForDataRow(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute, object[] dataRow) =>
        Enum.GetValues<GitBackendKind>().Select(backend => (IXunitTestCase)new BackendTestCase(
            DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, backend, dataRow));

    protected override IEnumerable<IXunitTestCase> CreateTestCasesForTheory(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        Enum.GetValues<GitBackendKind>().Select(backend => (IXunitTestCase)new BackendTheoryTestCase(
            DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, backend));
}

/// <summary>A fact or theory row bound to one backend.</summary>
public sealed class BackendTestCase : XunitTestCase
{
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public BackendTestCase()
    {
    }

    public BackendTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method, GitBackendKind backend, object[]? arguments = null)
        : base(sink, display, options, method, arguments)
    {
        Backend = backend;
    }

    public GitBackendKind Backend { get; private set; }

    public override async Task<RunSummary> RunAsync(IMessageSink diagnosticMessageSink, IMessageBus messageBus, object[] constructorArguments, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
    {
        GitBackendUnderTest.Set(Backend);
        try
        {
            return await base.RunAsync(diagnosticMessageSink, messageBus, constructorArguments, aggregator, cancellationTokenSource);
        }
        finally
        {
            GitBackendUnderTest.Set(null);
        }
    }

    public override void Serialize(IXunitSerializationInfo data)
    {
        data.AddValue(nameof(Backend), Backend.ToString());
        base.Serialize(data);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        Backend = Enum.Parse<GitBackendKind>(data.GetValue<string>(nameof(Backend)));
        base.Deserialize(data);
    }

    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName) =>
        base.GetDisplayName(factAttribute, displayName) + " [" + Backend + "]";

    protected override string GetUniqueID() => base.GetUniqueID() + "/" + Backend;
}

/// <summary>A theory (rows enumerated at run time) bound to one backend.</summary>
public sealed class BackendTheoryTestCase : XunitTheoryTestCase
{
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public BackendTheoryTestCase()
    {
    }

    public BackendTheoryTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method, GitBackendKind backend)
        : base(sink, display, options, method)
    {
        Backend = backend;
    }

    public GitBackendKind Backend { get; private set; }

    public override async Task<RunSummary> RunAsync(IMessageSink diagnosticMessageSink, IMessageBus messageBus, object[] constructorArguments, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
    {
        GitBackendUnderTest.Set(Backend);
        try
        {
            return await base.RunAsync(diagnosticMessageSink, messageBus, constructorArguments, aggregator, cancellationTokenSource);
        }
        finally
        {
            GitBackendUnderTest.Set(null);
        }
    }

    public override void Serialize(IXunitSerializationInfo data)
    {
        data.AddValue(nameof(Backend), Backend.ToString());
        base.Serialize(data);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        Backend = Enum.Parse<GitBackendKind>(data.GetValue<string>(nameof(Backend)));
        base.Deserialize(data);
    }

    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName) =>
        base.GetDisplayName(factAttribute, displayName) + " [" + Backend + "]";

    protected override string GetUniqueID() => base.GetUniqueID() + "/" + Backend;
}
