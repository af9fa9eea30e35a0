using Injector.Http;

namespace Injector.Tests.Http;

public sealed class ContentTypeCheckTests
{
    [Theory]
    [InlineData("application/json", true)]
    [InlineData("application/json; charset=utf-8", true)]
    [InlineData("Application/JSON;charset=UTF-8", true)]
    [InlineData(" application/json ", true)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("text/plain", false)]
    [InlineData("application/jsonx", false)]
    [InlineData("application/yaml", false)]
    [InlineData("application/merge-patch+json", false)]
    public void Accepts_only_application_json(string? contentType, bool expected) =>
        Assert.Equal(expected, ContentTypeCheck.IsJson(contentType));
}
