namespace Porch.Krm;

/// <summary>
/// Helpers behind the internal JSON shadow properties that reproduce Go's <c>omitempty</c> on slices and maps:
/// an empty collection is presented to the serializer as <see langword="null"/> (and is then skipped), and map
/// keys are written in ordinal order, as Go's encoder sorts them.
/// </summary>
internal static class OmitEmpty
{
    public static List<T>? List<T>(List<T> value) => value.Count == 0 ? null : value;

    public static List<T> FromList<T>(List<T>? value) => value ?? [];

    public static SortedDictionary<string, string>? Map(Dictionary<string, string> value) =>
        value.Count == 0 ? null : new SortedDictionary<string, string>(value, StringComparer.Ordinal);

    public static Dictionary<string, string> FromMap(SortedDictionary<string, string>? value) =>
        value is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(value, StringComparer.Ordinal);

    public static Dictionary<string, string> NewMap() => new(StringComparer.Ordinal);
}
