// Test vectors of ../shared/spec/kyaml-format.md section 7, produced by the real kyaml v0.21.1 on go-yaml v3.0.4.
namespace Porch.Krm.Tests.Krm;

internal static class KyamlFormatVectors
{
    public sealed record Vector(string Id, string Mode, string FileName, string Input, string? Output, string? Error, string Rule);

    public static readonly Vector[] All =
    [
        new("T01", "pkg", "f.yaml", "---\nkind: A\n---\nkind: B\n", "kind: A\n---\nkind: B\n", null, "\u00A72.2, \u00A73.4 leading `---` dropped; `---` only between documents"),
        new("T02", "pkg", "f.yaml", "kind: A\n--- # c\nkind: B\n---\n", "kind: A\n---\nkind: B\n", null, "\u00A72.2 separator comments and a trailing separator are dropped"),
        new("T03", "pkg", "f.yaml", "kind: A\n---\n# only a comment\n---\nkind: B\n", "kind: A\n---\nkind: B\n", null, "\u00A72.3 comment-only document vanishes"),
        new("T04", "pkg", "f.yaml", "# before\n---\n# after\nkind: A\n", "# after\nkind: A\n", null, "\u00A72.2/\u00A72.3 a header above a `---` that is not on line 1 forms its own comment-only chunk and is lost"),
        new("T05", "pkg", "f.yaml", "kind: A", "kind: A\n", null, "\u00A73.4 exactly one final newline is added"),
        new("T06", "pkg", "f.yaml", "kind: A\n\n\n", "kind: A\n", null, "\u00A73.4 trailing blank lines dropped"),
        new("T07", "pkg", "f.yaml", "kind: A\r\nl:\r\n- a\r\n", "kind: A\nl:\n- a\n", null, "\u00A72.1 CRLF becomes LF"),
        new("T08", "pkg", "f.yaml", "\uFEFFkind: A\n", "kind: A\n", null, "\u00A72.1 BOM dropped"),
        new("T09", "pkg", "f.yaml", "# h1\n\n\n# h2\n\nkind: A\n", "# h1\n\n# h2\n\nkind: A\n", null, "\u00A75.5 document head comment, blank runs collapse to one"),
        new("T10", "fn", "f.yaml", "# license\n\nkind: A\n", "# license\nkind: A\n", null, "\u00A76.1 e2e fn-render/modify-path-annotation: blank line under header lost after a function"),
        new("T11", "pkg", "f.yaml", "a: 1\n\nb: 2\n", "a: 1\nb: 2\n", null, "\u00A75.3 blank lines between keys dropped"),
        new("T12", "pkg", "f.yaml", "a: 1\n\n# about b\nb: 2\n", "a: 1\n# about b\nb: 2\n", null, "\u00A75.3 blank line before a head comment dropped"),
        new("T13", "pkg", "f.yaml", "a: 1\n# c1\n\n# c2\nb: 2\n", "a: 1\n# c1\n\n# c2\nb: 2\n", null, "\u00A75.2 foot comment + head comment keep the blank line"),
        new("T14", "pkg", "f.yaml", "spec:\n  items:\n    - name: a\n      v: 1\n    # trailing\n  other: 2\n", "spec:\n  items:\n    - name: a\n      v: 1\n      # trailing\n  other: 2\n", null, "\u00A75.4 trailing comment after last item moves to the item's last key (re-indented)"),
        new("T15", "pkg", "f.yaml", "spec:\n  items:\n    - name: a\n    # end\n", "spec:\n  items:\n    - name: a\n  # end\n", null, "\u00A75.4 same at end of document: foot of `items`, indented like `items`"),
        new("T16", "pkg", "f.yaml", "a: 1    #   c  \nb: 2\n    # deep\nc: 3\n", "a: 1 #   c  \nb: 2\n# deep\nc: 3\n", null, "\u00A75.2 one space before `#`, comment text verbatim, full-line comments re-indented"),
        new("T17", "pkg", "f.yaml", "kind: A\nspec:\n    containers:\n        -   name: a\n            image: b\n", "kind: A\nspec:\n  containers:\n  - name: a\n    image: b\n", null, "\u00A73.5 indentation normalised; undetectable seq indent defaults to compact"),
        new("T18", "pkg", "f.yaml", "kind: A\nl:\n  - a\nm:\n- b\n", "kind: A\nl:\n  - a\nm:\n  - b\n", null, "\u00A72.7 first sequence decides the style for the whole document"),
        new("T19", "pkg", "f.yaml", "kind: A\ndata:\n  s: |\n    k:\n    - x\nl:\n  - a\n", "kind: A\ndata:\n  s: |\n    k:\n    - x\nl:\n- a\n", null, "\u00A72.7 detector is textual and can be fooled by block-scalar text"),
        new("T20", "pkg", "f.yaml", "a: first\n  second\n\n  third\n", "a: |-\n  first second\n  third\n", null, "\u00A74.7 multi-line plain scalar becomes literal"),
        new("T21", "pkg", "f.yaml", "a: x\ty\nb: 'x\ty'\n", "a: \"x\\ty\"\nb: \"x\\ty\"\n", null, "\u00A74.2 tab forces double quotes, even over single-quoted style"),
        new("T22", "pkg", "f.yaml", "a: |\n  trailing space \n  x\n", "a: \"trailing space \\nx\\n\"\n", null, "\u00A74.5 literal with trailing space on a line becomes double-quoted"),
        new("T23", "pkg", "f.yaml", "a: |+\n  x\nb: |-\n\n  y\n", "a: |\n  x\nb: |2-\n\n  y\n", null, "\u00A74.5 chomping/indent indicators recomputed from the value"),
        new("T24", "pkg", "f.yaml", "a: >\n  one\n  two\nb: 1\n", "a: >\n  one two\n\nb: 1\n", null, "\u00A74.6 folded scalars gain an empty line after each content line break"),
        new("T25", "pkg", "f.yaml", "a: \"\\u00e9 \\x41 \\U0001F600 \\t\"\n", "a: \"\u00E9 A \\U0001F600 \\t\"\n", null, "\u00A74.4 escapes decoded, re-escaped only when needed"),
        new("T26", "pkg", "f.yaml", "a: \"x\n  y\"\nb: 'p\n\n  q'\n", "a: \"x y\"\nb: 'p\n\n  q'\n", null, "\u00A74.3/4.4 multi-line quoted scalars: double re-emitted on one line, single keeps breaks"),
        new("T27", "pkg", "f.yaml", "m: [1,2,3]\nc: {\n  x: 1,\n  y: 2\n}\nd: [ ]\n", "m: [1, 2, 3]\nc: {x: 1, y: 2}\nd: []\n", null, "\u00A73.6 flow collections kept, respaced, one line"),
        new("T28", "pkg", "f.yaml", "a: &x {k: v}\nb:\n  <<: *x\n  c: *x\n", "a: &x {k: v}\nb:\n  !!merge <<: *x\n  c: *x\n", null, "\u00A73.8 merge key gains an explicit `!!merge` tag"),
        new("T29", "pkg", "f.yaml", "kind: A\nmetadata: {}\nspec: {}\n", "kind: A\nspec: {}\n", null, "\u00A72.6/\u00A73.2 empty metadata removed; other empty maps kept"),
        new("T30", "pkg", "f.yaml", "kind: A\nmetadata:\n  name: x\n  # about\n  annotations:\n    config.kubernetes.io/index: '7'\n  labels: {}\n", "kind: A\nmetadata:\n  name: x\n  labels: {}\n", null, "\u00A73.2 reader-owned annotations and the emptied map (with its comment) removed"),
        new("T31", "pkg", "f.yaml", "a:\nb: null\nc: ~\nl:\n- \n- null\n", "a:\nb: null\nc: ~\nl:\n-\n- null\n", null, "\u00A74.8 null spellings preserved; `- ` loses its trailing space"),
        new("T32", "pkg", "f.yaml", "a:   1\nb : 2\nc: # only comment\nd: 'true'\ne: yes\nf: 010\n", "a: 1\nb: 2\nc: # only comment\nd: 'true'\ne: yes\nf: 010\n", null, "\u00A73.5, \u00A74.1 spacing normalised, scalar spelling and style preserved"),
        new("T33", "pkg", "f.json", "{\"kind\":\"A\",\"apiVersion\":\"v1\",\"data\":{\"x\":\"<a>\",\"n\":1.0}}", "{\n  \"apiVersion\": \"v1\",\n  \"data\": {\n    \"n\": 1,\n    \"x\": \"\\u003ca\\u003e\"\n  },\n  \"kind\": \"A\"\n}\n", null, "\u00A73.3 single resource in *.json written back as sorted, indented JSON"),
        new("T34", "pkg", "f.yaml", "{\"apiVersion\": \"v1\", \"kind\": \"A\",\n \"data\": {\"k\": \"v\"}}\n", "{\"apiVersion\": \"v1\", \"kind\": \"A\", \"data\": {\"k\": \"v\"}}\n", null, "\u00A72.8, \u00A73.3 JSON inside a .yaml file stays flow YAML on one line"),
        new("T35", "fn", "f.yaml", "kind: A\nl:\n  - # c8\n    name: b\n", "kind: A\nl:\n  # c8\n  - # c8\n    name: b\n", null, "\u00A76.6 function path duplicates a first-key comment of a sequence item"),
        new("T36", "pkg", "f.yaml", "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk: v\n", "? kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\n: v\n", null, "\u00A73.7 key longer than 128 bytes becomes a complex key"),
        new("T37", "pkg", "f.yaml", "kind: A\n--- x\nkind: B\n", null, "invalid document separator: --- x", "\u00A72.2 anything but a comment after `---` is an error (file not rewritten)"),
        new("T38", "pkg", "f.yaml", "l:\n- - a\n  - b\nk: |\n  x\n", "l:\n- - a\n  - b\nk: |\n  x\n", null, "\u00A73.5 nested sequences and literal in compact document"),
        new("T39", "pkg", "f.yaml", "kind: A\n\n# foot\n\n", "kind: A\n\n# foot\n", null, "\u00A75.5 document foot comment keeps one blank line above it"),
        new("T40", "pkg", "f.yaml", "spec:\n  ports:\n    # comment 1\n    - name: a\n      port: 1\n    # comment 2\n    - name: b\n", "spec:\n  ports:\n    # comment 1\n    - name: a\n      port: 1\n    # comment 2\n    - name: b\n", null, "\u00A75.2 e2e fn-render/preserve-comments: item head comments round-trip in wide style"),
    ];
}
