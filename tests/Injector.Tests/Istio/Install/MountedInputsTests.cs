using Injector.Istio.Install;
using Injector.Kube.Yaml;
using static Injector.Tests.Istio.Install.InstallTextsReader;

namespace Injector.Tests.Istio.Install;

/// <summary>Mounted ConfigMaps and kube-inject files read back what was written.</summary>
public sealed class MountedInputsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("injector-mounted-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void DirectoryRoundTripsTheDefaultTexts()
    {
        var d = InstallInputs.Default;
        Write("config", d.ConfigYaml);
        Write("values", d.ValuesJson);
        var mesh = Write("mesh", d.MeshYaml);
        var read = InstallInputs.FromDirectory(_dir.FullName, mesh);
        Assert.Equal((d.Revision, d.ValuesJson, d.ConfigYaml, d.MeshYaml), (read.Revision, read.ValuesJson, read.ConfigYaml, read.MeshYaml));
        Assert.Contains(_dir.FullName, read.Source);
        var noMesh = InstallInputs.FromDirectory(_dir.FullName, null);
        Assert.Equal(d.MeshYaml, noMesh.MeshYaml);
    }

    [Fact]
    public void DirectoryWithoutMeshUsesTheChartMeshForTheRevision()
    {
        var texts = InstallInputs.FromOperatorText([], ["revision=canary", "values.global.istioNamespace=mesh"]);
        Write("config", texts.ConfigYaml);
        Write("values", texts.ValuesJson);
        var read = InstallInputs.FromDirectory(_dir.FullName, null);
        Assert.Equal("canary", read.Revision);
        Assert.Equal(texts.MeshYaml, read.MeshYaml);
        Assert.Equal("istiod-canary.mesh.svc:15012", (string?)At(MeshOf(read), "defaultConfig.discoveryAddress"));
    }

    [Fact]
    public void DirectoryErrorsNameTheFile()
    {
        var config = Write("config", "templates: {}\n");
        var message = Assert.Throws<InstallInputException>(() => InstallInputs.FromDirectory(_dir.FullName, null)).Message;
        Assert.Contains(Path.Combine(_dir.FullName, "values"), message);
        var values = Write("values", "{not json");
        Assert.Contains(values, Assert.Throws<InstallInputException>(() => InstallInputs.FromDirectory(_dir.FullName, null)).Message);
        Write("values", "{}");
        Write("config", "templates: [unclosed\n");
        Assert.Contains(config, Assert.Throws<InstallInputException>(() => InstallInputs.FromDirectory(_dir.FullName, null)).Message);
    }

    [Fact]
    public void KubeInjectFilesRoundTripBareData()
    {
        var d = InstallInputs.Default;
        var read = InstallInputs.FromKubeInjectFiles(Write("inject.yaml", d.ConfigYaml), Write("values.json", d.ValuesJson), Write("mesh.yaml", d.MeshYaml));
        Assert.Equal((d.Revision, d.ValuesJson, d.ConfigYaml, d.MeshYaml), (read.Revision, read.ValuesJson, read.ConfigYaml, read.MeshYaml));
        var defaults = InstallInputs.FromKubeInjectFiles(null, null, null);
        Assert.Equal((d.ValuesJson, d.ConfigYaml, d.MeshYaml), (defaults.ValuesJson, defaults.ConfigYaml, defaults.MeshYaml));
    }

    [Fact]
    public void KubeInjectFilesMayBeWholeConfigMaps()
    {
        var texts = InstallInputs.FromOperatorText([], ["revision=blue"]);
        var injector = GoYaml.FromJson(new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "istio-sidecar-injector-blue" },
            ["data"] = new System.Text.Json.Nodes.JsonObject { ["config"] = texts.ConfigYaml, ["values"] = texts.ValuesJson },
        });
        var meshMap = GoYaml.FromJson(new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "istio-blue" },
            ["data"] = new System.Text.Json.Nodes.JsonObject { ["mesh"] = texts.MeshYaml },
        });
        var path = Write("injector-cm.yaml", injector);
        var read = InstallInputs.FromKubeInjectFiles(path, path, Write("mesh-cm.yaml", meshMap));
        Assert.Equal((texts.Revision, texts.ValuesJson, texts.ConfigYaml, texts.MeshYaml), (read.Revision, read.ValuesJson, read.ConfigYaml, read.MeshYaml));
        var noMeshKey = Write("no-mesh.yaml", "kind: ConfigMap\nmetadata: {name: istio}\ndata: {meshNetworks: x}\n");
        Assert.Contains("no data key \"mesh\"", Assert.Throws<InstallInputException>(() => InstallInputs.FromKubeInjectFiles(null, null, noMeshKey)).Message);
    }

    [Fact]
    public void ABareTemplateIsTheSidecarTemplate()
    {
        const string Template = "spec:\n  containers:\n  - name: istio-proxy\n    image: {{ .Values.global.hub }}/proxyv2\n";
        var read = InstallInputs.FromKubeInjectFiles(Write("sidecar.tmpl", Template), null, null);
        Assert.Equal(Template, (string?)At(Config(read), "templates.sidecar"));
    }

    [Fact]
    public void UnreadableKubeInjectFilesAreNamed()
    {
        var missing = Path.Combine(_dir.FullName, "missing.json");
        Assert.Contains(missing, Assert.Throws<InstallInputException>(() => InstallInputs.FromKubeInjectFiles(null, missing, null)).Message);
        Assert.Contains(missing, Assert.Throws<InstallInputException>(() => InstallInputs.FromKubeInjectFiles(missing, null, null)).Message);
        Assert.Contains(missing, Assert.Throws<InstallInputException>(() => InstallInputs.FromKubeInjectFiles(null, null, missing)).Message);
    }
}
