using System.Reflection;
using Injector.Telemetry;
using Microsoft.Extensions.Logging;

namespace Injector.Tests.Telemetry;

/// <summary>Every log event of the executable takes its ID from the one registry, and no ID is used twice.</summary>
public sealed class LogEventIdTests
{
    [Fact]
    public void EveryEventIdComesFromTheRegistryOnce()
    {
        var registry = typeof(LogEventIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToDictionary(f => (int)f.GetValue(null)!, f => f.Name);
        var used = typeof(LogEvents).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .ToList();

        Assert.Equal(registry.Count, registry.Values.Distinct().Count());
        Assert.Equal(used.Count, used.Select(u => u.Attribute!.EventId).Distinct().Count());
        Assert.Equal(registry.Keys.Order(), used.Select(u => u.Attribute!.EventId).Order());
        // The registry's name is the event's name: one vocabulary for logs and code.
        Assert.All(used, u => Assert.Equal(registry[u.Attribute!.EventId], u.Attribute.EventName));
    }
}
