using System.Reflection;

namespace Magvit.Client.Tests;

/// <summary>Callers see records and the facade only: no generated contract type, no protobuf type in the public API.</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_ExposesNoProtoTypes()
    {
        var leaks = typeof(MagvitClients).Assembly.GetExportedTypes()
            .SelectMany(type => Signatures(type).Select(used => (type, used)))
            .Where(pair => IsProto(pair.used))
            .Select(pair => $"{pair.type.Name} uses {pair.used.FullName}")
            .Distinct()
            .ToList();

        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    private static IEnumerable<Type> Signatures(Type type)
    {
        const BindingFlags visible = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var member in type.GetMembers(visible))
        {
            switch (member)
            {
                case MethodBase method:
                    foreach (var parameter in method.GetParameters())
                    {
                        yield return parameter.ParameterType;
                    }

                    if (method is MethodInfo info)
                    {
                        yield return info.ReturnType;
                    }

                    break;
                case PropertyInfo property:
                    yield return property.PropertyType;
                    break;
                case FieldInfo field:
                    yield return field.FieldType;
                    break;
            }
        }

        if (type.BaseType is { } baseType)
        {
            yield return baseType;
        }
    }

    private static bool IsProto(Type type)
    {
        if (type.IsGenericType && type.GetGenericArguments().Any(IsProto))
        {
            return true;
        }

        var element = type.HasElementType ? type.GetElementType()! : type;
        return element.Namespace is { } ns && (ns.StartsWith("Magvit.Contracts", StringComparison.Ordinal) || ns.StartsWith("Google.Protobuf", StringComparison.Ordinal) || ns.StartsWith("Google.Rpc", StringComparison.Ordinal));
    }
}
