namespace Injector.Templates.Values;

/// <summary>A Go integer type with a <c>String()</c> method (a protobuf enum): compares as an int, prints as its name.</summary>
public sealed class GoEnum(string typeName, long number, string name) : GoValue
{
    public override string TypeName { get; } = typeName;

    public long Number { get; } = number;

    public string Name { get; } = name;

    public override string ToString() => Name;
}
