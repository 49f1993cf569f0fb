using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Porch.Engine.Diagnostics;
using Porch.Engine.Errors;
using Porch.Engine.Tests.Engine;
using Porch.Testing;

namespace Porch.Engine.Tests.Diagnostics;

public sealed class EngineDiagnosticsTests
{
    [Fact]
    public async Task UpdateResources_RenderFails_LoggedOnce()
    {
        var logs = new CollectingLoggerFactory();
        await using var harness = PorchTestHarness.Create(b => logs.AddTo(b.Services));
        harness.AddRepository("blueprints");
        harness.Functions.RegisterFailure("example.com/fail:v1", "the function failed");
        var pr = await harness.Engine.CreatePackageRevisionAsync(EngineContext.NewRevision("pkg", "v1"));
        var resources = await harness.Engine.GetPackageRevisionResourcesAsync(EngineContext.Ns, pr.Metadata.Name!);
        resources.Spec.Resources["Kptfile"] = """
            apiVersion: kpt.dev/v1
            kind: Kptfile
            metadata:
              name: pkg
            pipeline:
              mutators:
              - image: example.com/fail:v1
            """;

        await Assert.ThrowsAsync<Porch.Krm.Functions.FunctionEvaluationException>(() => harness.Engine.UpdatePackageRevisionResourcesAsync(resources));

        var renderFailures = logs.Entries.Where(e => e.EventId.Name == "RenderFailed").ToList();
        Assert.True(renderFailures.Count == 1, string.Join("\n", renderFailures.Select(e => $"{e.Category} {e.EventId} {e.Text}")));
    }

    [Fact]
    public void LogMessages_EventIds_AreUnique()
    {
        var ids = typeof(PorchEngineDiagnostics).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic))
            .Select(m => (Method: m.Name, Attribute: m.GetCustomAttributes(typeof(Microsoft.Extensions.Logging.LoggerMessageAttribute), false).Cast<Microsoft.Extensions.Logging.LoggerMessageAttribute>().SingleOrDefault()))
            .Where(m => m.Attribute is not null)
            .ToList();

        Assert.NotEmpty(ids);
        Assert.Empty(ids.GroupBy(m => m.Attribute!.EventId).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}"));
    }

    [Fact]
    public async Task ListOperations_NullFilter_ThrowArgumentNull()
    {
        await using var ctx = EngineContext.Create();
        IPorchEngine engine = ctx.Engine;
        Assert.IsType<InstrumentedPorchEngine>(engine);

        Assert.Equal("filter", (await Assert.ThrowsAsync<ArgumentNullException>(() => engine.ListPackageRevisionsAsync(null!))).ParamName);
        Assert.Equal("filter", (await Assert.ThrowsAsync<ArgumentNullException>(() => engine.ListPackageRevisionResourcesAsync(null!))).ParamName);
        Assert.Equal("filter", (await Assert.ThrowsAsync<ArgumentNullException>(() => engine.ListPackagesAsync(null!))).ParamName);
    }

    [Fact]
    public async Task Create_EmitsOperationSpanWithStepsAndDurationMetric()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == PorchEngineDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PorchEngineDiagnostics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Tags(tags))));
        meters.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Tags(tags))));
        meters.Start();

        await using var ctx = EngineContext.Create();
        var pr = await ctx.InitAsync("traced-create");

        var create = Assert.Single(spans, s => s.OperationName == "CreatePackageRevision" && (string?)s.GetTagItem("porch.package") == "traced-create");
        Assert.Equal("create", create.GetTagItem("porch.operation"));
        Assert.Equal(ActivityStatusCode.Unset, create.Status);
        var children = spans.Where(c => c.ParentSpanId == create.SpanId).Select(c => c.OperationName).ToList();
        Assert.Equal(["OpenRepository", "ApplyTask", "Render", "CreateDraft", "CloseDraft", "Notify"], children);
        Assert.Contains(measurements, m => m.Instrument == "porch.package_revision.operation.duration" && (string?)m.Tags["porch.operation"] == "create" && !m.Tags.ContainsKey("error.type"));
        _ = pr;
    }

    [Fact]
    public async Task FailedUpdate_SpanHasErrorType_ConflictCounted()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == PorchEngineDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var conflicts = new ConcurrentQueue<Dictionary<string, object?>>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PorchEngineDiagnostics.MeterName && instrument.Name == "porch.package_revision.conflicts")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((_, _, tags, _) => conflicts.Enqueue(Tags(tags)));
        meters.Start();

        await using var ctx = EngineContext.Create();
        var pr = await ctx.InitAsync("traced-update");
        pr.Metadata.ResourceVersion = "stale";
        await Assert.ThrowsAsync<PackageRevisionConflictException>(() => ctx.Engine.UpdatePackageRevisionAsync(pr));

        var update = Assert.Single(spans, s => s.OperationName == "UpdatePackageRevision" && (string?)s.GetTagItem("porch.package_revision") == "blueprints.traced-update.v1");
        Assert.Equal(ActivityStatusCode.Error, update.Status);
        Assert.Equal("Conflict", update.GetTagItem("error.type"));
        Assert.Contains(conflicts, c => (string?)c["porch.operation"] == "update");
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }

        return result;
    }
}
