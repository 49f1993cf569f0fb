namespace Porch.Starlark.Tests;

public sealed class SyntaxErrorTests
{
    [Theory]
    [InlineData("x = 1 +\n2\n", "test.star:1:8: got newline, want primary expression")]
    [InlineData("_ = %x\n", "test.star:1:5: got '%', want primary expression")]
    [InlineData("def pass():\n  pass\n", "not an identifier")]
    [InlineData("def f :\n", "got ':', want '('")]
    [InlineData("f(*args, )\n", "got ')', want argument")]
    [InlineData("f(a=1, *, b=2)\n", "got ',', want primary expression")]
    [InlineData("_ = {x for y in z}\n", "got for, want ':'")]
    [InlineData("def f():\n  pass\n pass\n", "unindent does not match any outer indentation level")]
    [InlineData("_ = [x for x in lambda: True, lambda: False if x()]\n", "got lambda, want primary expression")]
    [InlineData("_ = [x for x in 1, 2, 3]\n", "got ',', want ']', for, or if")]
    [InlineData("_ = 0 == 1 == 2\n", "== does not associate with ==")]
    [InlineData("_ = 0 <= i < n\n", "<= does not associate with <")]
    [InlineData("_ = a in b not in c\n", "in does not associate with not in")]
    [InlineData("_ = a + b not c\n", "got identifier, want in")]
    [InlineData("f(1+2 = 3)\n", "keyword argument must have form name=expr")]
    [InlineData("print(1, 2, 3\n", "got end of file, want ')'")]
    [InlineData("_ = a if b\n", "conditional expression without else clause")]
    [InlineData("load(\"\")\n", "load statement must import at least 1 symbol")]
    [InlineData("load(1, 2)\n", "first operand of load statement must be a string literal")]
    [InlineData("load(\"a\", x)\n", "load operand must be \"x\" or x=\"originalname\"")]
    [InlineData("load = 1\n", "got '=', want '('")]
    [InlineData("print 1 2\n", "got int literal, want newline")]
    [InlineData("raw = r'a\nb'\n", "unexpected newline in string")]
    [InlineData("a, b, = 1, 2\n", "unparenthesized tuple with trailing comma")]
    [InlineData("a = max(range(10)))\n", "unexpected ')'")]
    [InlineData("s = \"\\x-0\"\n", "invalid escape sequence")]
    [InlineData("s = \"abc\n", "unexpected newline in string")]
    [InlineData("x = 0755\n", "obsolete form of octal literal; use 0o755")]
    [InlineData("x = 1 ! 2\n", "unexpected input character '!'")]
    [InlineData("def f(a, a): pass\n", "duplicate parameter: a")]
    [InlineData("def f(x=1, y): pass\n", "required parameter may not follow optional")]
    [InlineData("def f(**kwargs, x): pass\n", "parameter may not follow **kwargs")]
    [InlineData("def f(*a, *b): pass\n", "multiple * parameters not allowed")]
    [InlineData("def f(*): pass\n", "bare * must be followed by keyword-only parameters")]
    [InlineData("f(x=1, 2)\n", "positional argument may not follow named")]
    [InlineData("f(*[], 1)\n", "argument may not follow *args")]
    [InlineData("f(**{}, *[])\n", "*args may not follow **kwargs")]
    [InlineData("f(a=1, a=1)\n", "keyword argument a repeated")]
    public void ExecFile_MalformedProgram_ReportsGoStyleMessage(string source, string expected)
    {
        var ex = TestRun.SyntaxError(source);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("test.star:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExecFile_SyntaxError_UsesProgramNameAndPosition()
    {
        var ex = Assert.Throws<StarlarkSyntaxException>(() =>
            new StarlarkThread().ExecFile("httpbin-gen", "a = 1\nb = 2\nc = [1, 2,\n  3 +\n]\n"));
        var d = Assert.Single(ex.Errors);
        Assert.Equal(new StarlarkPosition("httpbin-gen", 5, 1), d.Position);
        Assert.Equal("got ']', want primary expression", d.Message);
        Assert.Equal("httpbin-gen:5:1: got ']', want primary expression", ex.Message);
    }

    [Fact]
    public void ExecFile_TabsAndBlankLines_IndentCorrectly()
    {
        var g = TestRun.Exec("def f():\n\tx = 1\n\n\t# comment\n\treturn x\n\ny = f()\n");
        Assert.Equal("1", g["y"].ToString());
    }

    [Fact]
    public void ExecFile_ImplicitLineJoining_InsideBrackets()
    {
        var g = TestRun.Exec("x = [1,\n  2,\n      3]\ny = (1 +\n2)\nz = {\n'a':\n 1}\n");
        Assert.Equal("[1, 2, 3]", g["x"].ToString());
        Assert.Equal("3", g["y"].ToString());
        Assert.Equal("{\"a\": 1}", g["z"].ToString());
    }

    [Fact]
    public void ExecFile_DeeplyNestedExpression_IsASyntaxErrorNotACrash()
    {
        var source = "x = " + new string('(', 5000) + "1" + new string(')', 5000) + "\n";
        var ex = TestRun.SyntaxError(source);
        Assert.Contains("nesting too deep", ex.Message, StringComparison.Ordinal);
    }
}
