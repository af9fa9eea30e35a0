using System.Runtime.CompilerServices;
using Injector.Revisions;

namespace Injector.Tests.Revisions;

/// <summary>A loaded revision cannot change: its settings are init-only and its lists and maps read-only.</summary>
public sealed class RevisionConfigImmutabilityTests
{
    [Theory]
    [InlineData(typeof(RevisionConfig))]
    [InlineData(typeof(ContainerResourcesConfig))]
    public void Every_setting_is_init_only_and_every_collection_read_only(Type type)
    {
        foreach (var property in type.GetProperties())
        {
            if (property.SetMethod is { } setter)
            {
                Assert.True(setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)), type.Name + "." + property.Name + " has a setter");
            }
            var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (t.IsGenericType && t != typeof(string))
            {
                var definition = t.GetGenericTypeDefinition();
                Assert.True(definition == typeof(IReadOnlyList<>) || definition == typeof(IReadOnlyDictionary<,>), type.Name + "." + property.Name + " is a " + t.Name);
            }
        }
    }

    [Fact]
    public void Renaming_the_embedded_default_leaves_the_loaded_one_as_it_was()
    {
        var renamed = RevisionLoader.Load(new RevisionSource { Revision = "canary" });
        var plain = RevisionLoader.Load(new RevisionSource());
        Assert.Equal("canary", renamed.Default.Compiled!.Config.Revision);
        Assert.Equal("default", plain.Default.Compiled!.Config.Revision);
        Assert.Equal((plain.Default.Compiled.Config.Hub, plain.Default.Compiled.Config.Tag), (renamed.Default.Compiled.Config.Hub, renamed.Default.Compiled.Config.Tag));
    }
}
