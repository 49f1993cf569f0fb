namespace Porch.Krm.Yaml;

/// <summary>
/// A scanner error as go-yaml sets it (<c>yaml_parser_set_scanner_error</c>): a context with its mark, a problem with
/// its mark (where the scanner stood). Lines and columns are 1-based.
/// </summary>
internal sealed class YamlScannerException : Exception
{
    public YamlScannerException()
        : this("", default, "unknown problem parsing YAML content", default)
    {
    }

    public YamlScannerException(string message)
        : this("", default, message, default)
    {
    }

    public YamlScannerException(string message, Exception innerException)
        : base(message, innerException)
    {
        Context = "";
        Problem = message;
    }

    public YamlScannerException(string context, YamlMark contextMark, string problem, YamlMark problemMark)
        : base(problem)
    {
        Context = context;
        ContextMark = contextMark;
        Problem = problem;
        ProblemMark = problemMark;
    }

    /// <summary>go-yaml's context text ("while scanning a simple key"), empty when it has none.</summary>
    public string Context { get; }

    public YamlMark ContextMark { get; }

    /// <summary>go-yaml's problem text ("could not find expected ':'").</summary>
    public string Problem { get; }

    public YamlMark ProblemMark { get; }
}
