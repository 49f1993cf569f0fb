using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Porch.Cli.Infrastructure;

namespace Porch.Cli.Output;

/// <summary>
/// kubectl's <c>-o</c> forms for get verbs: the server's table (default), <c>yaml</c>, <c>json</c>, <c>name</c>, and
/// <c>custom-columns=HEADER:.json.path,...</c>; <c>--no-headers</c> drops the header row.
/// </summary>
internal sealed class OutputFormat
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public Option<string?> Output { get; } = new("--output", "-o") { Description = "Output format: yaml, json, name or custom-columns=HEADER:.path,... (default: table)" };

    public Option<bool> NoHeaders { get; } = new("--no-headers") { Description = "Print the table without its header row" };

    public void AddTo(Command command)
    {
        command.Options.Add(Output);
        command.Options.Add(NoHeaders);
    }

    /// <summary>Gets a value indicating whether the server's Table form is wanted (no -o given).</summary>
    public bool WantsTable(ParseResult parse) => string.IsNullOrEmpty(parse.GetValue(Output));

    /// <summary>
    /// Prints a server-side Table object; with <paramref name="withNamespace"/> (kubectl's <c>-A</c>) a NAMESPACE
    /// column comes first, read from each row's object metadata.
    /// </summary>
    public void PrintTable(ParseResult parse, JsonObject table, TextWriter writer, bool withNamespace = false)
    {
        var headers = (table["columnDefinitions"] as JsonArray ?? []).Select(c => ((string?)c?["name"] ?? "").ToUpperInvariant()).ToList();
        var rows = (table["rows"] as JsonArray ?? [])
            .Select(r =>
            {
                var cells = (r?["cells"] as JsonArray ?? []).Select(JsonYaml.Cell);
                return (IReadOnlyList<string>)(withNamespace ? cells.Prepend((string?)r?["object"]?["metadata"]?["namespace"] ?? "") : cells).ToList();
            })
            .ToList();
        if (withNamespace)
        {
            headers.Insert(0, "NAMESPACE");
        }

        if (rows.Count == 0)
        {
            return;
        }

        writer.Write(TextTable.Format(parse.GetValue(NoHeaders) ? null : headers, rows));
    }

    /// <summary>One Table of the rows of several (kubectl prints the tables of one resource under one header).</summary>
    public static JsonObject MergeTables(IReadOnlyList<JsonObject> tables)
    {
        if (tables.Count == 1)
        {
            return tables[0];
        }

        var merged = (JsonObject)tables[0].DeepClone();
        var rows = new JsonArray();
        foreach (var table in tables)
        {
            foreach (var row in table["rows"] as JsonArray ?? [])
            {
                rows.Add(row?.DeepClone());
            }
        }

        merged["rows"] = rows;
        return merged;
    }

    /// <summary>Prints objects in the chosen -o form; <paramref name="single"/> prints one object rather than a List.</summary>
    /// <exception cref="CliException">The format is not one of the supported ones.</exception>
    public void PrintObjects(ParseResult parse, IReadOnlyList<JsonObject> items, bool single, TextWriter writer)
    {
        var format = parse.GetValue(Output) ?? "";
        JsonNode document = single && items.Count == 1
            ? items[0]
            : new JsonObject { ["apiVersion"] = "v1", ["items"] = new JsonArray(items.Select(i => (JsonNode)i.DeepClone()).ToArray()), ["kind"] = "List", ["metadata"] = new JsonObject { ["resourceVersion"] = "" } };
        switch (format)
        {
            case "yaml":
                writer.Write(JsonYaml.ToYamlText(document));
                break;
            case "json":
                writer.Write(document.ToJsonString(Indented) + "\n");
                break;
            case "name":
                foreach (var item in items)
                {
                    writer.Write($"{Resource(item)}/{(string?)item["metadata"]?["name"]}\n");
                }

                break;
            case var _ when format.StartsWith("custom-columns=", StringComparison.Ordinal):
                var specs = format["custom-columns=".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(ParseColumn).ToList();
                var rows = items.Select(i => (IReadOnlyList<string>)specs.Select(s => JsonYaml.Cell(JsonYaml.Select(i, s.Path))).ToList()).ToList();
                writer.Write(TextTable.Format(parse.GetValue(NoHeaders) ? null : specs.Select(s => s.Header).ToList(), rows));
                break;
            default:
                throw CliException.Error($"unable to match a printer suitable for the output format \"{format}\", allowed formats are: custom-columns,json,name,yaml");
        }
    }

    private static (string Header, string Path) ParseColumn(string spec)
    {
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw CliException.Error($"unexpected custom-columns spec: {spec}, expected <header>:<json-path-expr>");
        }

        return (spec[..colon], spec[(colon + 1)..]);
    }

    private static string Resource(JsonObject item)
    {
        var kind = ((string?)item["kind"] ?? "").ToLowerInvariant();
        var apiVersion = (string?)item["apiVersion"] ?? "";
        var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
        return group.Length == 0 ? kind : kind + "." + group;
    }
}
