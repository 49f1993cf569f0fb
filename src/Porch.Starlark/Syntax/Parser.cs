using Porch.Starlark.Runtime;

namespace Porch.Starlark.Syntax;

/// <summary>A recursive-descent parser for the Starlark grammar (go.starlark.net's <c>syntax/grammar.txt</c>).</summary>
internal sealed partial class Parser
{
    /// <summary>How deeply expressions may nest (each bracket, call, lambda or conditional counts two, a unary operator one).</summary>
    private const int MaxNesting = 400;

    /// <summary>How many chain links (binary operators, <c>.name</c>, calls, indexes) one statement may hold.</summary>
    private const int MaxChain = 2000;
    private readonly List<Token> _tokens;
    private int _i;
    private int _nesting;
    private int _links;

    private Parser(List<Token> tokens) => _tokens = tokens;

    private Token Tok => _tokens[_i];

    private TokenKind Kind => _tokens[_i].Kind;

    public static List<Stmt> ParseFile(string source)
    {
        var p = new Parser(Lexer.Scan(source));
        var stmts = new List<Stmt>();
        while (p.Kind != TokenKind.Eof)
        {
            if (p.Kind == TokenKind.Newline)
            {
                p._i++;
                continue;
            }

            p.ParseStatement(stmts);
        }

        return stmts;
    }

    private Token Next() => _tokens[_i++];

    private SyntaxError Got(string want) => new(Tok.Pos, "got " + TokenText.Describe(Kind) + ", want " + want);

    private Token Expect(TokenKind kind)
    {
        if (Kind != kind)
        {
            throw Got(TokenText.Describe(kind));
        }

        return Next();
    }

    private Ident ParseIdent()
    {
        if (Kind != TokenKind.Ident)
        {
            throw new SyntaxError(Tok.Pos, "not an identifier");
        }

        var t = Next();
        return new Ident(t.Pos, t.Text!);
    }

    private void ParseStatement(List<Stmt> stmts)
    {
        _links = 0;
        switch (Kind)
        {
            case TokenKind.Def:
                stmts.Add(ParseDef());
                break;
            case TokenKind.If:
                stmts.Add(ParseIf());
                break;
            case TokenKind.For:
            {
                var pos = Next().Pos;
                var vars = ParseLoopVariables();
                Expect(TokenKind.In);
                var x = ParseExpr(allowTrailingComma: false);
                Expect(TokenKind.Colon);
                stmts.Add(new ForStmt(pos, vars, x, ParseSuite()));
                break;
            }

            case TokenKind.While:
            {
                var pos = Next().Pos;
                var cond = ParseTest();
                Expect(TokenKind.Colon);
                stmts.Add(new WhileStmt(pos, cond, ParseSuite()));
                break;
            }

            default:
                ParseSimpleStatement(stmts);
                break;
        }
    }

    private DefStmt ParseDef()
    {
        var pos = Next().Pos;
        var name = ParseIdent();
        Expect(TokenKind.LParen);
        var parameters = ParseParams(TokenKind.RParen);
        Expect(TokenKind.RParen);
        Expect(TokenKind.Colon);
        var body = ParseSuite();
        return new DefStmt(pos, name, new FunctionDef(pos, name.Name, parameters, body, null));
    }

    private IfStmt ParseIf()
    {
        var pos = Next().Pos;
        var cond = ParseTest();
        Expect(TokenKind.Colon);
        var then = ParseSuite();
        Stmt[] otherwise = Array.Empty<Stmt>();
        if (Kind == TokenKind.Elif)
        {
            otherwise = new Stmt[] { ParseIf() };
        }
        else if (Kind == TokenKind.Else)
        {
            Next();
            Expect(TokenKind.Colon);
            otherwise = ParseSuite();
        }

        return new IfStmt(pos, cond, then, otherwise);
    }

    private Stmt[] ParseSuite()
    {
        // Blocks nested in blocks recurse here, in the resolver and in the evaluator: they count as nesting too.
        Enter(Tok.Pos);
        var suite = ParseSuiteNested();
        _nesting--;
        return suite;
    }

    private Stmt[] ParseSuiteNested()
    {
        var stmts = new List<Stmt>();
        if (Kind == TokenKind.Newline)
        {
            Next();
            Expect(TokenKind.Indent);
            while (Kind != TokenKind.Outdent && Kind != TokenKind.Eof)
            {
                if (Kind == TokenKind.Newline)
                {
                    Next();
                    continue;
                }

                ParseStatement(stmts);
            }

            Expect(TokenKind.Outdent);
        }
        else
        {
            ParseSimpleStatement(stmts);
        }

        return stmts.ToArray();
    }

    private void ParseSimpleStatement(List<Stmt> stmts)
    {
        while (true)
        {
            stmts.Add(ParseSmallStatement());
            if (Kind != TokenKind.Semi)
            {
                break;
            }

            Next();
            if (Kind is TokenKind.Newline or TokenKind.Eof)
            {
                break;
            }
        }

        if (Kind == TokenKind.Newline)
        {
            Next();
        }
        else if (Kind != TokenKind.Eof)
        {
            throw Got("newline");
        }
    }

    private Stmt ParseSmallStatement()
    {
        _links = 0;
        var pos = Tok.Pos;
        switch (Kind)
        {
            case TokenKind.Return:
                Next();
                if (Kind is TokenKind.Newline or TokenKind.Semi or TokenKind.Eof)
                {
                    return new ReturnStmt(pos, null);
                }

                return new ReturnStmt(pos, ParseExpr(allowTrailingComma: false));
            case TokenKind.Break:
            case TokenKind.Continue:
            case TokenKind.Pass:
                return new BranchStmt(pos, Next().Kind);
            case TokenKind.Load:
                return ParseLoad();
        }

        var x = ParseExpr(allowTrailingComma: false);
        if (Kind == TokenKind.Eq)
        {
            var eqPos = Next().Pos;
            var rhs = ParseExpr(allowTrailingComma: false);
            return new AssignStmt(eqPos, x, rhs);
        }

        var op = Kind switch
        {
            TokenKind.PlusEq => TokenKind.Plus,
            TokenKind.MinusEq => TokenKind.Minus,
            TokenKind.StarEq => TokenKind.Star,
            TokenKind.SlashEq => TokenKind.Slash,
            TokenKind.SlashSlashEq => TokenKind.SlashSlash,
            TokenKind.PercentEq => TokenKind.Percent,
            TokenKind.AmpEq => TokenKind.Amp,
            TokenKind.PipeEq => TokenKind.Pipe,
            TokenKind.CaretEq => TokenKind.Caret,
            TokenKind.LtLtEq => TokenKind.LtLt,
            TokenKind.GtGtEq => TokenKind.GtGt,
            _ => TokenKind.Eof,
        };
        if (op != TokenKind.Eof)
        {
            var opPos = Next().Pos;
            var rhs = ParseExpr(allowTrailingComma: false);
            return new AugAssignStmt(opPos, op, x, rhs);
        }

        return new ExprStmt(pos, x);
    }

    private LoadStmt ParseLoad()
    {
        var pos = Next().Pos;
        Expect(TokenKind.LParen);
        if (Kind != TokenKind.String)
        {
            throw new SyntaxError(Tok.Pos, "first operand of load statement must be a string literal");
        }

        var module = ByteString.Decode(Next().Text!);
        var names = new List<(Ident, string, Pos)>();
        while (Kind != TokenKind.RParen)
        {
            Expect(TokenKind.Comma);
            if (Kind == TokenKind.RParen)
            {
                break;
            }

            var t = Tok;
            if (Kind == TokenKind.String)
            {
                Next();
                var name = ByteString.Decode(t.Text!);
                names.Add((new Ident(t.Pos, name), name, t.Pos));
            }
            else if (Kind == TokenKind.Ident)
            {
                var local = ParseIdent();
                if (Kind != TokenKind.Eq)
                {
                    throw new SyntaxError(t.Pos, "load operand must be \"" + local.Name + "\" or " + local.Name + "=\"originalname\"");
                }

                Next();
                if (Kind != TokenKind.String)
                {
                    throw new SyntaxError(t.Pos, "original name of loaded symbol must be quoted: " + local.Name + "=\"originalname\"");
                }

                var orig = Next();
                names.Add((local, ByteString.Decode(orig.Text!), orig.Pos));
            }
            else
            {
                throw new SyntaxError(t.Pos, "load operand must be \"name\" or localname=\"name\" (got " + TokenText.Describe(Kind) + ")");
            }
        }

        Expect(TokenKind.RParen);
        if (names.Count == 0)
        {
            throw new SyntaxError(pos, "load statement must import at least 1 symbol");
        }

        return new LoadStmt(pos, module, names);
    }

    private List<Param> ParseParams(TokenKind closing)
    {
        var list = new List<Param>();
        var seenStar = false;
        var seenStarStar = false;
        var seenOptional = false;
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (Kind != closing)
        {
            var pos = Tok.Pos;
            Param p;
            if (Kind == TokenKind.Star)
            {
                Next();
                if (seenStarStar)
                {
                    throw new SyntaxError(pos, "* parameter may not follow **kwargs");
                }

                if (seenStar)
                {
                    throw new SyntaxError(pos, "multiple * parameters not allowed");
                }

                seenStar = true;
                p = new Param(pos, ParamKind.Star, Kind == TokenKind.Ident ? ParseIdent() : null, null);
            }
            else if (Kind == TokenKind.StarStar)
            {
                Next();
                if (seenStarStar)
                {
                    throw new SyntaxError(pos, "multiple ** parameters not allowed");
                }

                seenStarStar = true;
                p = new Param(pos, ParamKind.StarStar, ParseIdent(), null);
            }
            else if (Kind == TokenKind.Ident)
            {
                if (seenStarStar)
                {
                    throw new SyntaxError(pos, "parameter may not follow **kwargs");
                }

                var name = ParseIdent();
                Expr? dflt = null;
                if (Kind == TokenKind.Eq)
                {
                    Next();
                    dflt = ParseTest();
                    seenOptional = true;
                }
                else if (seenOptional && !seenStar)
                {
                    throw new SyntaxError(pos, "required parameter may not follow optional");
                }

                p = new Param(pos, ParamKind.Normal, name, dflt);
            }
            else
            {
                throw Got("parameter");
            }

            if (p.Name is not null && !names.Add(p.Name.Name))
            {
                throw new SyntaxError(p.Name.Pos, "duplicate parameter: " + p.Name.Name);
            }

            list.Add(p);
            if (Kind != TokenKind.Comma)
            {
                break;
            }

            Next();
        }

        // A bare * must be followed by at least one keyword-only parameter.
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Kind == ParamKind.Star && list[i].Name is null &&
                (i + 1 >= list.Count || list[i + 1].Kind != ParamKind.Normal))
            {
                throw new SyntaxError(list[i].Pos, "bare * must be followed by keyword-only parameters");
            }
        }

        return list;
    }
}
