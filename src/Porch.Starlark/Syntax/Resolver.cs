// Longer than ~500 lines on purpose: one pass, as go.starlark.net's resolve.go: scopes, bindings and the resolution of
// every node kind are one recursive walk.
using System.Globalization;

namespace Porch.Starlark.Syntax;

/// <summary>
/// Resolves every identifier to a local, cell, free, global, predeclared or universal binding and applies
/// the static checks of the spec (undefined names, reassigned globals, misplaced break/continue/return/load,
/// top-level control flow and while loops subject to the dialect options).
/// </summary>
internal sealed class Resolver
{
    private const string Doesnt = "this Starlark dialect does not ";
    private readonly StarlarkOptions _options;
    private readonly IReadOnlyDictionary<string, StarlarkValue> _predeclared;
    private readonly IReadOnlyDictionary<string, StarlarkValue> _universe;
    private readonly string _file;
    private readonly Dictionary<string, Binding> _globals = new(StringComparer.Ordinal);
    private readonly List<Binding> _globalList = new();
    private readonly List<StarlarkDiagnostic> _errors = new();
    private readonly List<Ident> _resolved = new();
    private readonly List<(Ident Id, Block Block)> _pending = new();
    private readonly List<(FunctionDef Def, Block Block)> _deferred = new();
    private readonly List<FunctionScope> _functions = new();
    private readonly FunctionScope _top = new(null, null);
    private readonly Block _fileBlock;
    private bool _topLevelDone;

    private Resolver(string file, StarlarkOptions options, IReadOnlyDictionary<string, StarlarkValue> predeclared, IReadOnlyDictionary<string, StarlarkValue> universe)
    {
        _file = file;
        _options = options;
        _predeclared = predeclared;
        _universe = universe;
        _fileBlock = new Block(null, _top);
    }

    public static Program Resolve(string file, List<Stmt> stmts, StarlarkOptions options, IReadOnlyDictionary<string, StarlarkValue> predeclared, IReadOnlyDictionary<string, StarlarkValue> universe)
    {
        var r = new Resolver(file, options, predeclared, universe);
        foreach (var s in stmts)
        {
            r.ResolveStmt(s, r._fileBlock, inLoop: false, topLevel: true, nesting: TopNesting.None);
        }

        r._topLevelDone = true;
        foreach (var (id, block) in r._pending)
        {
            if (r._fileBlock.Names.TryGetValue(id.Name, out var fileLocal))
            {
                r.Attach(id, fileLocal, block.Function);
            }
            else if (r._globals.TryGetValue(id.Name, out var g))
            {
                r.Attach(id, g, block.Function);
            }
            else
            {
                r.ResolveUniversal(id, block);
            }
        }

        for (var i = 0; i < r._deferred.Count; i++)
        {
            var (def, block) = r._deferred[i];
            r.ResolveFunction(def, block);
        }

        if (r._errors.Count > 0)
        {
            throw new StarlarkSyntaxException(r._errors.OrderBy(e => e.Position.Line).ThenBy(e => e.Position.Column).ToList());
        }

        foreach (var id in r._resolved)
        {
            var b = id.Binding!;
            id.Scope = b.Scope;
            id.Index = b.Index;
            id.Binding = null;
        }

        foreach (var fn in r._functions)
        {
            var def = fn.Def!;
            def.NumLocals = fn.Locals.Count;
            def.CellSlots = fn.Locals.Where(b => b.Scope == Scope.Cell).Select(b => b.Index).ToArray();
            def.FreeVars = fn.FreeSources.ToArray();
        }

        return new Program(
            stmts.ToArray(),
            r._globalList.Select(g => g.Name).ToArray(),
            r._top.Locals.Count,
            r._top.Locals.Where(b => b.Scope == Scope.Cell).Select(b => b.Index).ToArray());
    }

    private enum TopNesting
    {
        None,
        Conditional,
        Loop,
    }

    private void Error(Pos pos, string message) =>
        _errors.Add(new StarlarkDiagnostic(new StarlarkPosition(_file, pos.Line, pos.Col), message));

    private string Where(Pos pos) => _file + ":" + pos.Line.ToString(CultureInfo.InvariantCulture) + ":" + pos.Col.ToString(CultureInfo.InvariantCulture);

    private void ResolveStmt(Stmt s, Block block, bool inLoop, bool topLevel, TopNesting nesting)
    {
        switch (s)
        {
            case ExprStmt e:
                ResolveExpr(e.X, block);
                break;
            case AssignStmt a:
                ResolveExpr(a.Rhs, block);
                ResolveTarget(a.Lhs, block, topLevel);
                break;
            case AugAssignStmt aug:
                switch (aug.Lhs)
                {
                    case ListExpr:
                        Error(aug.Lhs.Pos, "can't use list expression in augmented assignment");
                        break;
                    case TupleExpr:
                        Error(aug.Lhs.Pos, "can't use tuple expression in augmented assignment");
                        break;
                    case Ident id when topLevel:
                        BindGlobal(id);
                        break;
                    default:
                        ResolveTarget(aug.Lhs, block, topLevel);
                        break;
                }

                ResolveExpr(aug.Rhs, block);
                break;
            case DefStmt d:
                ResolveDefaults(d.Def, block);
                if (topLevel)
                {
                    BindGlobal(d.Name);
                    _deferred.Add((d.Def, block));
                }
                else
                {
                    Use(d.Name, block);
                    ResolveFunction(d.Def, block);
                }

                break;
            case IfStmt i:
                if (topLevel && !_options.AllowGlobalReassign)
                {
                    Error(i.Pos, "if statement not within a function");
                }

                ResolveExpr(i.Cond, block);
                var inner = nesting == TopNesting.None ? TopNesting.Conditional : nesting;
                foreach (var x in i.Then)
                {
                    ResolveStmt(x, block, inLoop, topLevel, inner);
                }

                foreach (var x in i.Else)
                {
                    ResolveStmt(x, block, inLoop, topLevel, inner);
                }

                break;
            case ForStmt f:
                if (topLevel && !_options.AllowGlobalReassign)
                {
                    Error(f.Pos, "for loop not within a function");
                }

                ResolveExpr(f.X, block);
                ResolveTarget(f.Vars, block, topLevel);
                foreach (var x in f.Body)
                {
                    ResolveStmt(x, block, true, topLevel, TopNesting.Loop);
                }

                break;
            case WhileStmt w:
                if (!_options.AllowRecursion)
                {
                    Error(w.Pos, Doesnt + "support while loops");
                }
                else if (topLevel && !_options.AllowGlobalReassign)
                {
                    Error(w.Pos, "while loop not within a function");
                }

                ResolveExpr(w.Cond, block);
                foreach (var x in w.Body)
                {
                    ResolveStmt(x, block, true, topLevel, TopNesting.Loop);
                }

                break;
            case ReturnStmt r:
                if (topLevel)
                {
                    Error(r.Pos, "return statement not within a function");
                }

                if (r.X is not null)
                {
                    ResolveExpr(r.X, block);
                }

                break;
            case BranchStmt b:
                if (b.Kind != TokenKind.Pass && !inLoop)
                {
                    Error(b.Pos, TokenText.Symbol(b.Kind) + " not in a loop");
                }

                break;
            case LoadStmt l:
                ResolveLoad(l, topLevel, nesting);
                break;
        }
    }

    private void ResolveLoad(LoadStmt l, bool topLevel, TopNesting nesting)
    {
        if (!topLevel)
        {
            Error(l.Pos, "load statement within a function");
            return;
        }

        if (nesting != TopNesting.None)
        {
            Error(l.Pos, "load statement within a " + (nesting == TopNesting.Loop ? "loop" : "conditional"));
        }

        foreach (var (local, original, pos) in l.Names)
        {
            if (original.Length == 0 || local.Name.Length == 0)
            {
                Error(pos, "load: empty identifier");
                continue;
            }

            if (original.StartsWith('_'))
            {
                Error(pos, "load: names with leading underscores are not exported: " + original);
                continue;
            }

            if (_fileBlock.Names.TryGetValue(local.Name, out var existing))
            {
                if (!_options.AllowGlobalReassign)
                {
                    Error(local.Pos, "cannot reassign top-level " + local.Name + " declared at " + Where(existing.Pos));
                }

                local.Binding = existing;
                _resolved.Add(local);
                continue;
            }

            if (_globals.TryGetValue(local.Name, out var g) && !_options.AllowGlobalReassign)
            {
                Error(local.Pos, "cannot reassign global " + local.Name + " declared at " + Where(g.Pos));
            }

            var b = new Binding(local.Name, Scope.Local, _top.Locals.Count, local.Pos, _top);
            _top.Locals.Add(b);
            _fileBlock.Names[local.Name] = b;
            local.Binding = b;
            _resolved.Add(local);
        }
    }

    private void BindGlobal(Ident id)
    {
        if (_fileBlock.Names.TryGetValue(id.Name, out var local))
        {
            if (!_options.AllowGlobalReassign)
            {
                Error(id.Pos, "cannot reassign local " + id.Name + " declared at " + Where(local.Pos));
            }

            id.Binding = local;
            _resolved.Add(id);
            return;
        }

        if (_globals.TryGetValue(id.Name, out var existing))
        {
            if (!_options.AllowGlobalReassign)
            {
                Error(id.Pos, "cannot reassign global " + id.Name + " declared at " + Where(existing.Pos));
            }

            id.Binding = existing;
            _resolved.Add(id);
            return;
        }

        var b = new Binding(id.Name, Scope.Global, _globalList.Count, id.Pos, null);
        _globals.Add(id.Name, b);
        _globalList.Add(b);
        id.Binding = b;
        _resolved.Add(id);
    }

    private void ResolveTarget(Expr target, Block block, bool topLevel)
    {
        switch (target)
        {
            case Ident id:
                if (topLevel)
                {
                    BindGlobal(id);
                }
                else
                {
                    Use(id, block);
                }

                break;
            case IndexExpr ix:
                ResolveExpr(ix.X, block);
                ResolveExpr(ix.Index, block);
                break;
            case DotExpr dot:
                ResolveExpr(dot.X, block);
                break;
            case TupleExpr t:
                foreach (var x in t.Items)
                {
                    ResolveTarget(x, block, topLevel);
                }

                break;
            case ListExpr l:
                foreach (var x in l.Items)
                {
                    ResolveTarget(x, block, topLevel);
                }

                break;
            default:
                Error(target.Pos, "can't assign to " + target.GetType().Name.ToLowerInvariant());
                break;
        }
    }

    private void ResolveDefaults(FunctionDef def, Block block)
    {
        foreach (var p in def.Params)
        {
            if (p.Default is not null)
            {
                ResolveExpr(p.Default, block);
            }
        }
    }

    private void ResolveFunction(FunctionDef def, Block enclosing)
    {
        var fn = new FunctionScope(enclosing.Function, def);
        _functions.Add(fn);
        var block = new Block(enclosing, fn);

        var positional = def.Params.TakeWhile(p => p.Kind == ParamKind.Normal).ToList();
        var star = def.Params.FirstOrDefault(p => p.Kind == ParamKind.Star);
        var kwonly = def.Params.SkipWhile(p => p.Kind == ParamKind.Normal).Where(p => p.Kind == ParamKind.Normal).ToList();
        var starstar = def.Params.FirstOrDefault(p => p.Kind == ParamKind.StarStar);
        var named = positional.Concat(kwonly).ToList();
        foreach (var p in named)
        {
            BindLocal(p.Name!, block);
        }

        if (star?.Name is not null)
        {
            BindLocal(star.Name, block);
        }

        if (starstar is not null)
        {
            BindLocal(starstar.Name!, block);
        }

        def.NumPositional = positional.Count;
        def.NumKwOnly = kwonly.Count;
        def.HasVarargs = star?.Name is not null;
        def.HasKwargs = starstar is not null;
        def.ParamNames = named.Select(p => p.Name!.Name).ToArray();
        def.DefaultExprs = named.Select(p => p.Default).ToArray();

        if (def.LambdaBody is not null)
        {
            ResolveExpr(def.LambdaBody, block);
            return;
        }

        CollectBindings(def.Body, block);
        foreach (var s in def.Body)
        {
            ResolveStmt(s, block, inLoop: false, topLevel: false, nesting: TopNesting.None);
        }
    }

    private Binding BindLocal(Ident id, Block block)
    {
        if (!block.Names.TryGetValue(id.Name, out var b))
        {
            b = new Binding(id.Name, Scope.Local, block.Function.Locals.Count, id.Pos, block.Function);
            block.Function.Locals.Add(b);
            block.Names[id.Name] = b;
        }

        id.Binding = b;
        _resolved.Add(id);
        return b;
    }

    /// <summary>Declares the locals bound anywhere in a function body (not in nested functions or comprehensions).</summary>
    private void CollectBindings(IEnumerable<Stmt> stmts, Block block)
    {
        foreach (var s in stmts)
        {
            switch (s)
            {
                case AssignStmt a:
                    CollectTarget(a.Lhs, block);
                    break;
                case AugAssignStmt { Lhs: Ident id }:
                    CollectTarget(id, block);
                    break;
                case DefStmt d:
                    CollectTarget(d.Name, block);
                    break;
                case ForStmt f:
                    CollectTarget(f.Vars, block);
                    CollectBindings(f.Body, block);
                    break;
                case WhileStmt w:
                    CollectBindings(w.Body, block);
                    break;
                case IfStmt i:
                    CollectBindings(i.Then, block);
                    CollectBindings(i.Else, block);
                    break;
            }
        }
    }

    private void CollectTarget(Expr target, Block block)
    {
        switch (target)
        {
            case Ident id:
                if (!block.Names.ContainsKey(id.Name))
                {
                    var b = new Binding(id.Name, Scope.Local, block.Function.Locals.Count, id.Pos, block.Function);
                    block.Function.Locals.Add(b);
                    block.Names[id.Name] = b;
                }

                break;
            case TupleExpr t:
                foreach (var x in t.Items)
                {
                    CollectTarget(x, block);
                }

                break;
            case ListExpr l:
                foreach (var x in l.Items)
                {
                    CollectTarget(x, block);
                }

                break;
        }
    }

    private void ResolveExpr(Expr e, Block block)
    {
        switch (e)
        {
            case Ident id:
                Use(id, block);
                break;
            case Literal:
                break;
            case TupleExpr t:
                foreach (var x in t.Items)
                {
                    ResolveExpr(x, block);
                }

                break;
            case ListExpr l:
                foreach (var x in l.Items)
                {
                    ResolveExpr(x, block);
                }

                break;
            case DictExpr d:
                foreach (var (k, v) in d.Entries)
                {
                    ResolveExpr(k, block);
                    ResolveExpr(v, block);
                }

                break;
            case CompExpr c:
                ResolveComprehension(c, block);
                break;
            case UnaryExpr u:
                ResolveExpr(u.X, block);
                break;
            case BinaryExpr b:
                ResolveExpr(b.X, block);
                ResolveExpr(b.Y, block);
                break;
            case LogicalExpr lg:
                ResolveExpr(lg.X, block);
                ResolveExpr(lg.Y, block);
                break;
            case CondExpr ce:
                ResolveExpr(ce.Cond, block);
                ResolveExpr(ce.Then, block);
                ResolveExpr(ce.Else, block);
                break;
            case CallExpr call:
                ResolveExpr(call.Fn, block);
                foreach (var a in call.Args)
                {
                    ResolveExpr(a.Value, block);
                }

                break;
            case DotExpr dot:
                ResolveExpr(dot.X, block);
                break;
            case IndexExpr ix:
                ResolveExpr(ix.X, block);
                ResolveExpr(ix.Index, block);
                break;
            case SliceExpr sl:
                ResolveExpr(sl.X, block);
                if (sl.Lo is not null)
                {
                    ResolveExpr(sl.Lo, block);
                }

                if (sl.Hi is not null)
                {
                    ResolveExpr(sl.Hi, block);
                }

                if (sl.Step is not null)
                {
                    ResolveExpr(sl.Step, block);
                }

                break;
            case LambdaExpr lambda:
                ResolveDefaults(lambda.Def, block);
                if (block.Function == _top && !_topLevelDone)
                {
                    _deferred.Add((lambda.Def, block));
                }
                else
                {
                    ResolveFunction(lambda.Def, block);
                }

                break;
        }
    }

    private void ResolveComprehension(CompExpr c, Block block)
    {
        ResolveExpr(c.Clauses[0].Expr, block);
        var inner = new Block(block, block.Function);
        foreach (var clause in c.Clauses)
        {
            if (clause.Vars is not null)
            {
                CollectTarget(clause.Vars, inner);
            }
        }

        for (var i = 0; i < c.Clauses.Length; i++)
        {
            var clause = c.Clauses[i];
            if (i > 0)
            {
                ResolveExpr(clause.Expr, inner);
            }

            if (clause.Vars is not null)
            {
                ResolveTarget(clause.Vars, inner, topLevel: false);
            }
        }

        ResolveExpr(c.Body, inner);
        if (c.ValueExpr is not null)
        {
            ResolveExpr(c.ValueExpr, inner);
        }
    }

    private void Use(Ident id, Block block)
    {
        for (var b = block; b is not null; b = b.Parent)
        {
            if (b.Names.TryGetValue(id.Name, out var binding))
            {
                Attach(id, binding, block.Function);
                return;
            }
        }

        if (_globals.TryGetValue(id.Name, out var g))
        {
            Attach(id, g, block.Function);
            return;
        }

        // As go.starlark.net's resolver, a top-level use of a name not yet bound is resolved once the whole file is seen
        // (a later load or global binding makes it a "referenced before assignment" error at run time), except under
        // AllowGlobalReassign, which piggybacks Bazel's legacy rule of resolving top-level uses where they stand.
        if (!_topLevelDone && !_options.AllowGlobalReassign)
        {
            _pending.Add((id, block));
            return;
        }

        ResolveUniversal(id, block);
    }

    private void ResolveUniversal(Ident id, Block block)
    {
        if (_predeclared.TryGetValue(id.Name, out var v))
        {
            id.Scope = Scope.Predeclared;
            id.Value = v;
            return;
        }

        if (_universe.TryGetValue(id.Name, out var u))
        {
            if (id.Name == "set" && !_options.AllowSet)
            {
                Error(id.Pos, Doesnt + "support sets");
            }

            id.Scope = Scope.Universal;
            id.Value = u;
            return;
        }

        var candidates = new List<string>();
        for (var b = block; b is not null; b = b.Parent)
        {
            candidates.AddRange(b.Names.Keys);
        }

        candidates.AddRange(_globals.Keys);
        candidates.AddRange(_predeclared.Keys);
        candidates.AddRange(_universe.Keys);
        var suggestion = Runtime.Spelling.Nearest(id.Name, candidates);
        Error(id.Pos, "undefined: " + id.Name + (suggestion is null ? string.Empty : " (did you mean " + suggestion + "?)"));
        id.Scope = Scope.Universal;
        id.Value = StarlarkNone.Instance;
    }

    private void Attach(Ident id, Binding binding, FunctionScope useFunction)
    {
        if (binding.Scope == Scope.Global || binding.Function == useFunction)
        {
            id.Binding = binding;
            _resolved.Add(id);
            return;
        }

        binding.Scope = Scope.Cell;
        id.Scope = Scope.Free;
        id.Index = FreeIndex(useFunction, binding);
    }

    private int FreeIndex(FunctionScope fn, Binding binding)
    {
        if (fn.FreeIndex.TryGetValue(binding, out var idx))
        {
            return idx;
        }

        var source = fn.Parent == binding.Function ? (true, binding.Index) : (false, FreeIndex(fn.Parent!, binding));
        idx = fn.FreeSources.Count;
        fn.FreeSources.Add(source);
        fn.FreeIndex.Add(binding, idx);
        return idx;
    }
}
