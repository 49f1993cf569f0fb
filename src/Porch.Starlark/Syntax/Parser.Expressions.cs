// Longer than ~500 lines on purpose: the expression grammar (precedence climbing, primaries, comprehensions) as one
// recursive-descent unit; statements are in Parser.cs.
using Porch.Starlark.Runtime;

namespace Porch.Starlark.Syntax;

/// <summary>Expression parsing.</summary>
internal sealed partial class Parser
{
    private static bool StartsExpression(TokenKind k) => k is TokenKind.Ident or TokenKind.Int or TokenKind.Float or TokenKind.String
        or TokenKind.Bytes or TokenKind.LParen or TokenKind.LBrack or TokenKind.LBrace or TokenKind.Minus or TokenKind.Plus
        or TokenKind.Tilde or TokenKind.Not or TokenKind.Lambda;

    /// <summary>Expression = Test {',' Test}; an unparenthesized tuple may not end with a comma.</summary>
    private Expr ParseExpr(bool allowTrailingComma)
    {
        var x = ParseTest();
        if (Kind != TokenKind.Comma)
        {
            return x;
        }

        var items = new List<Expr> { x };
        while (Kind == TokenKind.Comma)
        {
            var commaPos = Tok.Pos;
            Next();
            if (!StartsExpression(Kind))
            {
                if (!allowTrailingComma)
                {
                    throw new SyntaxError(commaPos, "unparenthesized tuple with trailing comma");
                }

                break;
            }

            items.Add(ParseTest());
        }

        return new TupleExpr(x.Pos, items, false);
    }

    private Expr ParseTest()
    {
        // Every way an expression nests (brackets, calls, lambdas, conditionals) comes back through here, so one count
        // bounds the parser's recursion.
        Enter(Tok.Pos);
        var x = ParseTestNested();
        _nesting--;
        return x;
    }

    private Expr ParseTestNested()
    {
        if (Kind == TokenKind.Lambda)
        {
            return ParseLambda(allowCond: true);
        }

        var x = ParseOr();
        if (Kind == TokenKind.If)
        {
            var pos = Next().Pos;
            var cond = ParseOr();
            if (Kind != TokenKind.Else)
            {
                throw new SyntaxError(pos, "conditional expression without else clause");
            }

            Next();
            var otherwise = ParseTest();
            return new CondExpr(pos, cond, x, otherwise);
        }

        return x;
    }

    private Expr ParseTestNoCond() => Kind == TokenKind.Lambda ? ParseLambda(allowCond: false) : ParseOr();

    private LambdaExpr ParseLambda(bool allowCond)
    {
        var pos = Next().Pos;
        var parameters = ParseParams(TokenKind.Colon);
        Expect(TokenKind.Colon);
        var body = allowCond ? ParseTest() : ParseTestNoCond();
        return new LambdaExpr(pos, new FunctionDef(pos, "lambda", parameters, Array.Empty<Stmt>(), body));
    }

    private Expr ParseOr()
    {
        var x = ParseAnd();
        var n = 0;
        while (Kind == TokenKind.Or)
        {
            var pos = Next().Pos;
            n++;
            Link(pos);
            x = new LogicalExpr(pos, false, x, ParseAnd());
        }

        return x;
    }

    private Expr ParseAnd()
    {
        var x = ParseNot();
        var n = 0;
        while (Kind == TokenKind.And)
        {
            var pos = Next().Pos;
            n++;
            Link(pos);
            x = new LogicalExpr(pos, true, x, ParseNot());
        }

        return x;
    }

    private Expr ParseNot()
    {
        if (Kind == TokenKind.Not)
        {
            var pos = Next().Pos;
            Enter(pos);
            var x = ParseNot();
            _nesting--;
            return new UnaryExpr(pos, TokenKind.Not, x);
        }

        return ParseComparison();
    }

    private TokenKind ComparisonOp()
    {
        switch (Kind)
        {
            case TokenKind.EqEq:
            case TokenKind.Ne:
            case TokenKind.Lt:
            case TokenKind.Gt:
            case TokenKind.Le:
            case TokenKind.Ge:
            case TokenKind.In:
                return Kind;
            case TokenKind.Not:
                return TokenKind.NotIn;
            default:
                return TokenKind.Eof;
        }
    }

    private Expr ParseComparison()
    {
        var x = ParseBinary(0);
        var op = ComparisonOp();
        if (op == TokenKind.Eof)
        {
            return x;
        }

        var pos = Next().Pos;
        if (op == TokenKind.NotIn)
        {
            if (Kind != TokenKind.In)
            {
                throw Got("in");
            }

            Next();
        }

        var y = ParseBinary(0);
        var next = ComparisonOp();
        if (next != TokenKind.Eof)
        {
            throw new SyntaxError(Tok.Pos, TokenText.Symbol(op) + " does not associate with " + TokenText.Symbol(next) + " (use parens)");
        }

        return new BinaryExpr(pos, op, x, y);
    }

    private static int Level(TokenKind k) => k switch
    {
        TokenKind.Pipe => 0,
        TokenKind.Caret => 1,
        TokenKind.Amp => 2,
        TokenKind.LtLt or TokenKind.GtGt => 3,
        TokenKind.Plus or TokenKind.Minus => 4,
        TokenKind.Star or TokenKind.Slash or TokenKind.SlashSlash or TokenKind.Percent => 5,
        _ => -1,
    };

    /// <summary>Parses left-associative binary operators of the given precedence level and above.</summary>
    private Expr ParseBinary(int level)
    {
        if (level > 5)
        {
            return ParseUnary();
        }

        var x = ParseBinary(level + 1);
        var n = 0;
        while (Level(Kind) == level)
        {
            var t = Next();
            n++;
            Link(t.Pos);
            var y = ParseBinary(level + 1);
            x = new BinaryExpr(t.Pos, t.Kind, x, y);
        }

        return x;
    }

    private Expr ParseUnary()
    {
        if (Kind is TokenKind.Minus or TokenKind.Plus or TokenKind.Tilde)
        {
            var t = Next();
            Enter(t.Pos);
            var x = ParseUnary();
            _nesting--;
            if (t.Kind == TokenKind.Minus && x is Literal { Value: StarlarkInt i })
            {
                return new Literal(t.Pos, StarlarkInt.Of(-i.ToBigInteger()));
            }

            return new UnaryExpr(t.Pos, t.Kind, x);
        }

        return ParsePrimary();
    }

    private void Enter(Pos pos)
    {
        if (++_nesting > MaxNesting)
        {
            throw new SyntaxError(pos, "expression nesting too deep");
        }
    }

    /// <summary>
    /// Counts one more link of a chain (<c>a + b + ...</c>, <c>a.b.c</c>, <c>f()()</c>, <c>x[0][0]</c>): each can make
    /// the tree one level deeper without recursing here. Links are counted over the whole statement (and the count
    /// restarts with the next one), so the tree the resolver and the evaluator walk recursively stays within
    /// <see cref="MaxChain"/> plus the nesting limit however chains and brackets are combined.
    /// </summary>
    private void Link(Pos pos)
    {
        if (++_links > MaxChain)
        {
            throw new SyntaxError(pos, "expression too long");
        }
    }

    private Expr ParsePrimary()
    {
        var x = ParseOperand();
        var n = 0;
        while (true)
        {
            switch (Kind)
            {
                case TokenKind.Dot:
                {
                    var pos = Next().Pos;
                    n++;
                    Link(pos);
                    var name = ParseIdent();
                    x = new DotExpr(pos, x, name.Name);
                    break;
                }

                case TokenKind.LParen:
                {
                    var pos = Next().Pos;
                    n++;
                    Link(pos);
                    Enter(pos);
                    var args = ParseArgs();
                    _nesting--;
                    Expect(TokenKind.RParen);
                    x = new CallExpr(pos, x, args);
                    break;
                }

                case TokenKind.LBrack:
                {
                    var pos = Next().Pos;
                    n++;
                    Link(pos);
                    Enter(pos);
                    x = ParseIndexOrSlice(pos, x);
                    _nesting--;
                    break;
                }

                default:
                    return x;
            }
        }
    }

    private Expr ParseIndexOrSlice(Pos pos, Expr x)
    {
        Expr? lo = null;
        if (Kind != TokenKind.Colon)
        {
            lo = ParseExpr(allowTrailingComma: false);
            if (Kind == TokenKind.RBrack)
            {
                Next();
                return new IndexExpr(pos, x, lo);
            }
        }

        Expect(TokenKind.Colon);
        Expr? hi = null;
        Expr? step = null;
        if (Kind is not TokenKind.Colon and not TokenKind.RBrack)
        {
            hi = ParseTest();
        }

        if (Kind == TokenKind.Colon)
        {
            Next();
            if (Kind != TokenKind.RBrack)
            {
                step = ParseTest();
            }
        }

        Expect(TokenKind.RBrack);
        return new SliceExpr(pos, x, lo, hi, step);
    }

    private List<Argument> ParseArgs()
    {
        var args = new List<Argument>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var seenNamed = false;
        var seenStar = false;
        var seenStarStar = false;
        while (Kind != TokenKind.RParen)
        {
            var pos = Tok.Pos;
            Argument a;
            if (Kind == TokenKind.Star)
            {
                Next();
                if (seenStarStar)
                {
                    throw new SyntaxError(pos, "*args may not follow **kwargs");
                }

                if (seenStar)
                {
                    throw new SyntaxError(pos, "multiple *args not allowed");
                }

                seenStar = true;
                a = new Argument(pos, ArgKind.Star, null, ParseTest());
            }
            else if (Kind == TokenKind.StarStar)
            {
                Next();
                if (seenStarStar)
                {
                    throw new SyntaxError(pos, "multiple **kwargs not allowed");
                }

                seenStarStar = true;
                a = new Argument(pos, ArgKind.StarStar, null, ParseTest());
            }
            else if (Kind == TokenKind.Ident && _tokens[_i + 1].Kind == TokenKind.Eq)
            {
                var name = ParseIdent();
                Next();
                if (seenStarStar)
                {
                    throw new SyntaxError(pos, "argument may not follow **kwargs");
                }

                if (!names.Add(name.Name))
                {
                    throw new SyntaxError(pos, "keyword argument " + name.Name + " repeated");
                }

                seenNamed = true;
                a = new Argument(pos, ArgKind.Named, name.Name, ParseTest());
            }
            else
            {
                var v = ParseTest();
                if (Kind == TokenKind.Eq)
                {
                    throw new SyntaxError(pos, "keyword argument must have form name=expr");
                }

                if (seenStarStar)
                {
                    throw new SyntaxError(pos, "argument may not follow **kwargs");
                }

                if (seenStar)
                {
                    throw new SyntaxError(pos, "argument may not follow *args");
                }

                if (seenNamed)
                {
                    throw new SyntaxError(pos, "positional argument may not follow named");
                }

                a = new Argument(pos, ArgKind.Positional, null, v);
            }

            args.Add(a);
            if (Kind != TokenKind.Comma)
            {
                break;
            }

            Next();
            if (Kind == TokenKind.RParen && a.Kind is ArgKind.Star or ArgKind.StarStar)
            {
                throw Got("argument");
            }
        }

        return args;
    }

    private Expr ParseOperand()
    {
        var t = Tok;
        switch (t.Kind)
        {
            case TokenKind.Ident:
                Next();
                return new Ident(t.Pos, t.Text!);
            case TokenKind.Int:
                Next();
                return new Literal(t.Pos, (StarlarkInt)t.Value!);
            case TokenKind.Float:
                Next();
                return new Literal(t.Pos, new StarlarkFloat((double)t.Value!));
            case TokenKind.String:
                Next();
                return new Literal(t.Pos, StarlarkString.FromRaw(t.Text!));
            case TokenKind.Bytes:
                Next();
                return new Literal(t.Pos, StarlarkBytes.FromRaw(t.Text!));
            case TokenKind.LParen:
            {
                Next();
                Enter(t.Pos);
                if (Kind == TokenKind.RParen)
                {
                    Next();
                    _nesting--;
                    return new TupleExpr(t.Pos, new List<Expr>(), true);
                }

                var x = ParseTest();
                if (Kind == TokenKind.Comma)
                {
                    var items = new List<Expr> { x };
                    while (Kind == TokenKind.Comma)
                    {
                        Next();
                        if (Kind == TokenKind.RParen)
                        {
                            break;
                        }

                        items.Add(ParseTest());
                    }

                    x = new TupleExpr(t.Pos, items, true);
                }

                Expect(TokenKind.RParen);
                _nesting--;
                return x;
            }

            case TokenKind.LBrack:
            {
                Next();
                Enter(t.Pos);
                var r = ParseListDisplay(t.Pos);
                _nesting--;
                return r;
            }

            case TokenKind.LBrace:
            {
                Next();
                Enter(t.Pos);
                var r = ParseDictDisplay(t.Pos);
                _nesting--;
                return r;
            }

            default:
                throw Got("primary expression");
        }
    }

    private Expr ParseListDisplay(Pos pos)
    {
        if (Kind == TokenKind.RBrack)
        {
            Next();
            return new ListExpr(pos, new List<Expr>());
        }

        var first = ParseTest();
        if (Kind == TokenKind.For)
        {
            var clauses = ParseClauses(TokenKind.RBrack);
            return new CompExpr(pos, false, first, null, clauses);
        }

        var items = new List<Expr> { first };
        while (Kind == TokenKind.Comma)
        {
            Next();
            if (Kind == TokenKind.RBrack)
            {
                break;
            }

            items.Add(ParseTest());
        }

        Expect(TokenKind.RBrack);
        return new ListExpr(pos, items);
    }

    private Expr ParseDictDisplay(Pos pos)
    {
        if (Kind == TokenKind.RBrace)
        {
            Next();
            return new DictExpr(pos, new List<(Expr, Expr)>());
        }

        var k = ParseTest();
        Expect(TokenKind.Colon);
        var v = ParseTest();
        if (Kind == TokenKind.For)
        {
            var clauses = ParseClauses(TokenKind.RBrace);
            return new CompExpr(pos, true, k, v, clauses);
        }

        var entries = new List<(Expr, Expr)> { (k, v) };
        while (Kind == TokenKind.Comma)
        {
            Next();
            if (Kind == TokenKind.RBrace)
            {
                break;
            }

            var k2 = ParseTest();
            Expect(TokenKind.Colon);
            entries.Add((k2, ParseTest()));
        }

        Expect(TokenKind.RBrace);
        return new DictExpr(pos, entries);
    }

    private List<CompClause> ParseClauses(TokenKind closing)
    {
        var clauses = new List<CompClause>();
        while (true)
        {
            if (Kind == TokenKind.For)
            {
                var pos = Next().Pos;
                var vars = ParseLoopVariables();
                Expect(TokenKind.In);
                clauses.Add(new CompClause(pos, vars, ParseOr()));
            }
            else if (Kind == TokenKind.If)
            {
                var pos = Next().Pos;
                clauses.Add(new CompClause(pos, null, ParseTestNoCond()));
            }
            else if (Kind == closing)
            {
                Next();
                return clauses;
            }
            else
            {
                throw Got(TokenText.Describe(closing) + ", for, or if");
            }
        }
    }

    /// <summary>LoopVariables = PrimaryExpr {',' PrimaryExpr}.</summary>
    private Expr ParseLoopVariables()
    {
        var x = ParsePrimary();
        if (Kind != TokenKind.Comma)
        {
            return x;
        }

        var items = new List<Expr> { x };
        while (Kind == TokenKind.Comma)
        {
            Next();
            items.Add(ParsePrimary());
        }

        return new TupleExpr(x.Pos, items, false);
    }
}
