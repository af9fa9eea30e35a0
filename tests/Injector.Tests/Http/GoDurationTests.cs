using Injector.Http;

namespace Injector.Tests.Http;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("30s", 30_000)]
    [InlineData("1m0s", 60_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("250ms", 250)]
    [InlineData("1h", 3_600_000)]
    [InlineData("0", 0)]
    public void Parses_go_durations(string text, int milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("s")]
    [InlineData("10x")]
    [InlineData("-5s")]
    [InlineData("1..5s")]
    [InlineData("10 s")]
    public void Refuses_anything_else(string text) => Assert.False(GoDuration.TryParse(text, out _));
}
