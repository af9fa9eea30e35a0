using Injector.Istio.Install;

namespace Injector.Tests.Istio.Install;

/// <summary>Inputs istioctl refuses are refused here, with the path, flag or file in the message.</summary>
public sealed class InstallErrorTests
{
    private static string Fails(Action action) => Assert.Throws<InstallInputException>(action).Message;

    [Theory]
    [InlineData("values.global.proxy.nosuchField=1", "values.global.proxy.nosuchField")]
    [InlineData("values.nosuch.x=1", "values.nosuch")]
    [InlineData("nosuchSpecField=1", "spec.nosuchSpecField")]
    [InlineData("components.nosuch.enabled=true", "components.nosuch")]
    public void UnknownPathsNameThePath(string set, string path)
    {
        var message = Fails(() => InstallInputs.FromOperatorText([], [set]));
        Assert.Contains(path, message);
        Assert.Contains("unknown field", message);
        Assert.Contains("--set " + set, message);
    }

    [Theory]
    [InlineData("values.global.proxy.statusPort=abc", "integer")]
    [InlineData("values.global.proxy.statusPort=1.5", "integer")]
    [InlineData("values.global.proxy.statusPort=-1", "non-negative integer")]
    [InlineData("values.pilot.replicaCount=x", "integer")]
    [InlineData("values.global.proxy.autoInject=true", "expected a string")]
    [InlineData("values.global.mountMtlsCerts=yes", "expected true or false")]
    [InlineData("values.global.imagePullSecrets=abc", "expected a list")]
    [InlineData("values.global.proxy=abc", "expected a map")]
    [InlineData("components.cni.enabled=1", "expected true or false")]
    [InlineData("values.global.resourceScope=some", "expected one of")]
    public void WrongTypesNameThePath(string set, string expected)
    {
        var message = Fails(() => InstallInputs.FromOperatorText([], [set]));
        Assert.Contains(set[..set.IndexOf('=')], message);
        Assert.Contains(expected, message);
    }

    [Fact]
    public void QuotedIntegersAndChartOnlyPathsAreAccepted()
    {
        const string File = "spec:\n  values:\n    global:\n      proxy:\n        statusPort: \"15021\"\n    pilot:\n      initContainers: [{name: x}]\n";
        var texts = InstallInputs.FromOperatorText([("ok.yaml", File)], ["values.global.waypoint.tolerations[0].key=a"]);
        Assert.Contains("\"statusPort\": \"15021\"", texts.ValuesJson);
    }

    [Fact]
    public void FileErrorsNameTheFileAndPath()
    {
        const string Bad = "apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  values:\n    global:\n      proxy:\n        readinessPeriodSeconds: soon\n";
        var message = Fails(() => InstallInputs.FromOperatorText([("bad.yaml", Bad)], []));
        Assert.Contains("bad.yaml", message);
        Assert.Contains("spec.values.global.proxy.readinessPeriodSeconds", message);
        var unknown = Fails(() => InstallInputs.FromOperatorText([("u.yaml", "spec:\n  valuez: {}\n")], []));
        Assert.Contains("u.yaml", unknown);
        Assert.Contains("spec.valuez", unknown);
    }

    [Fact]
    public void UnreadableAndInvalidFilesNameTheFile()
    {
        var missing = Path.Combine(Path.GetTempPath(), "injector-no-such-" + Guid.NewGuid().ToString("N") + ".yaml");
        Assert.Contains(missing, Fails(() => InstallInputs.FromOperator([missing], [])));
        var dir = Directory.CreateTempSubdirectory("injector-install-");
        try
        {
            var invalid = Path.Combine(dir.FullName, "invalid.yaml");
            File.WriteAllText(invalid, "spec: [unclosed\n");
            Assert.Contains(invalid, Fails(() => InstallInputs.FromOperator([invalid], [])));
            var two = Path.Combine(dir.FullName, "two.yaml");
            File.WriteAllText(two, "spec: {}\n---\nspec: {}\n");
            Assert.Contains("multiple IstioOperator", Fails(() => InstallInputs.FromOperator([two], [])));
            var list = Path.Combine(dir.FullName, "list.yaml");
            File.WriteAllText(list, "- a\n");
            Assert.Contains(list, Fails(() => InstallInputs.FromOperator([list], [])));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("noequals", "expected PATH=VALUE")]
    [InlineData("=x", "empty path")]
    [InlineData("profile=nosuch", "profile \"nosuch\" not found")]
    [InlineData("values.global.platform=nosuch", "unknown platform nosuch")]
    [InlineData("values.compatibilityVersion=0.1", "unknown compatibility version 0.1")]
    [InlineData("installPackagePath=/tmp/x", "installPackagePath")]
    [InlineData("components.pilot.enabled=false", "components.pilot.enabled")]
    [InlineData("values.global.omitSidecarInjectorConfigMap=true", "omitSidecarInjectorConfigMap")]
    [InlineData("values.sidecarInjectorWebhook.templates.x.y=1", "values.sidecarInjectorWebhook.templates.x")]
    [InlineData("revision=Bad_Rev", "spec.revision: invalid revision")]
    [InlineData("values.revision=-x", "values.revision")]
    public void OtherRefusalsSayWhy(string set, string expected)
    {
        Assert.Contains(expected, Fails(() => InstallInputs.FromOperatorText([], [set])));
    }

    [Fact]
    public void ListSyntaxOnAMapIsRefused()
    {
        Assert.Contains("values.global.proxy: expected a map, got a list", Fails(() => InstallInputs.FromOperatorText([], ["values.global.proxy[0]=x"])));
        const string File = "spec:\n  values:\n    global:\n      proxy:\n        logLevel: debug\n";
        Assert.Contains("is not a list", Fails(() => InstallInputs.FromOperatorText([("f.yaml", File)], ["values.global.proxy[0]=x"])));
    }
}
