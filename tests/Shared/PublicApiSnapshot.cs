using System.Reflection;
using System.Text;

namespace Porch.Tests.Shared;

/// <summary>
/// Renders the public surface of an assembly as sorted text lines, so a test can compare it with a checked-in
/// <c>PublicAPI.txt</c> (the PublicApiAnalyzers package cannot be restored here).
/// </summary>
internal static class PublicApiSnapshot
{
    public static string Render(Assembly assembly)
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in assembly.GetExportedTypes())
        {
            lines.Add(Describe(type));
            const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(flags))
            {
                if (!IsVisible(member) || member is Type)
                {
                    continue;
                }

                lines.Add(type.FullName + "::" + DescribeMember(member));
            }
        }

        var sb = new StringBuilder();
        foreach (var line in lines)
        {
            sb.Append(line).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Compares the assembly's surface with the file; writes the actual text beside it when they differ.</summary>
    public static void AssertMatches(Assembly assembly, string relativePathFromRepoRoot)
    {
        var root = RepoRoot();
        var path = Path.Combine(root, relativePathFromRepoRoot);
        var actual = Render(assembly);
        var expected = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal) : "";
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            File.WriteAllText(path + ".actual", actual);
            var missing = expected.Split('\n').Except(actual.Split('\n')).Take(20);
            var added = actual.Split('\n').Except(expected.Split('\n')).Take(20);
            Assert.Fail($"Public API of {assembly.GetName().Name} differs from {relativePathFromRepoRoot} (actual written to .actual).\nRemoved:\n  {string.Join("\n  ", missing)}\nAdded:\n  {string.Join("\n  ", added)}");
        }
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Porch.Engine.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Porch.Engine.sln not found above " + AppContext.BaseDirectory);
    }

    private static bool IsVisible(MemberInfo member) => member switch
    {
        MethodBase m => (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly) && !(m.IsSpecialName && (m.Name.StartsWith("get_", StringComparison.Ordinal) || m.Name.StartsWith("set_", StringComparison.Ordinal) || m.Name.StartsWith("add_", StringComparison.Ordinal) || m.Name.StartsWith("remove_", StringComparison.Ordinal) || m.Name.StartsWith("init_", StringComparison.Ordinal))),
        FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
        PropertyInfo p => (p.GetMethod is { } g && (g.IsPublic || g.IsFamily)) || (p.SetMethod is { } s && (s.IsPublic || s.IsFamily)),
        EventInfo e => e.AddMethod is { } a && (a.IsPublic || a.IsFamily),
        _ => false,
    };

    private static string Describe(Type type)
    {
        var kind = type.IsInterface ? "interface" : type.IsEnum ? "enum" : type.IsValueType ? "struct" : typeof(Delegate).IsAssignableFrom(type) ? "delegate" : "class";
        var mods = type.IsAbstract && type.IsSealed ? "static " : type.IsSealed && !type.IsValueType && !type.IsEnum && kind == "class" ? "sealed " : type.IsAbstract && !type.IsInterface ? "abstract " : "";
        var baseType = type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum) ? " : " + Name(b) : "";
        var ifaces = type.GetInterfaces().Select(Name).Order(StringComparer.Ordinal).ToArray();
        var ifaceText = ifaces.Length == 0 ? "" : (baseType.Length == 0 ? " : " : ", ") + string.Join(", ", ifaces);
        return mods + kind + " " + Name(type) + baseType + ifaceText;
    }

    private static string DescribeMember(MemberInfo member) => member switch
    {
        ConstructorInfo c => (c.IsStatic ? "static " : "") + ".ctor(" + Params(c) + ")",
        MethodInfo m => (m.IsStatic ? "static " : m.IsAbstract ? "abstract " : m.IsVirtual && !m.IsFinal ? "virtual " : "") + Name(m.ReturnType) + " " + m.Name + (m.IsGenericMethod ? "<" + string.Join(", ", m.GetGenericArguments().Select(a => a.Name)) + ">" : "") + "(" + Params(m) + ")",
        PropertyInfo p => Name(p.PropertyType) + " " + p.Name + " {" + (p.GetMethod is { } g && (g.IsPublic || g.IsFamily) ? " get;" : "") + (p.SetMethod is { } s && (s.IsPublic || s.IsFamily) ? (s.ReturnParameter.GetRequiredCustomModifiers().Any(t => t.Name == "IsExternalInit") ? " init;" : " set;") : "") + " }",
        FieldInfo f => (f.IsLiteral ? "const " : f.IsStatic ? "static " : "") + (f.IsInitOnly ? "readonly " : "") + Name(f.FieldType) + " " + f.Name + (f.IsLiteral ? " = " + Convert.ToString(f.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture) : ""),
        EventInfo e => "event " + Name(e.EventHandlerType!) + " " + e.Name,
        _ => member.ToString() ?? member.Name,
    };

    private static string Params(MethodBase method) =>
        string.Join(", ", method.GetParameters().Select(p => (p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : "") + Name(p.ParameterType) + " " + p.Name + (p.HasDefaultValue ? " = " + (p.DefaultValue?.ToString() ?? "null") : "")));

    private static string Name(Type type)
    {
        if (type.IsByRef)
        {
            return Name(type.GetElementType()!);
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        var name = type.IsNested ? Name(type.DeclaringType!) + "." + type.Name : (type.Namespace is null ? "" : type.Namespace + ".") + type.Name;
        if (type.IsGenericType)
        {
            var tick = name.IndexOf('`', StringComparison.Ordinal);
            if (tick >= 0)
            {
                name = name[..tick];
            }

            name += "<" + string.Join(", ", type.GetGenericArguments().Select(Name)) + ">";
        }

        return name;
    }
}
