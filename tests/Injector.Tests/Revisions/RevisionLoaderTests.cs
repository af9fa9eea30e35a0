using Injector.Revisions;

namespace Injector.Tests.Revisions;

public sealed class RevisionLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void NoConfigLoadsTheEmbeddedDefault()
    {
        var table = RevisionLoader.Load(null, null);
        Assert.Equal("default", table.Default.Name);
        Assert.Single(table.Revisions);
    }

    [Fact]
    public void RevisionOptionRenamesTheEmbeddedDefault()
    {
        var table = RevisionLoader.Load(null, "canary");
        Assert.Equal("canary", table.Default.Name);
        Assert.True(table.TryGet("canary", out _));
        Assert.False(table.TryGet("default", out _));
    }

    [Fact]
    public void FileLoadsOneRevisionAndServesIt()
    {
        var file = _dir.Write("canary.yaml", "revision: canary\nhub: example.io/istio\ntag: 1.29.0\n");
        var table = RevisionLoader.Load(file, null);
        Assert.Equal("canary", table.Default.Name);
        Assert.Equal("example.io/istio", table.Default.Compiled!.Config.Hub);
        Assert.Equal("1.29.0", table.Default.Compiled!.Config.Tag);
    }

    [Fact]
    public void FileWithoutRevisionKeyTakesTheRevisionOption()
    {
        var file = _dir.Write("any.yaml", "hub: example.io/istio\n");
        Assert.Equal("default", RevisionLoader.Load(file, null).Default.Name);
        Assert.Equal("blue", RevisionLoader.Load(file, "blue").Default.Name);
    }

    [Fact]
    public void FileWithADifferentRevisionThanTheOptionIsAnError()
    {
        var file = _dir.Write("canary.yaml", "revision: canary\n");
        var ex = Assert.Throws<InvalidDataException>(() => RevisionLoader.Load(file, "stable"));
        Assert.Contains("'stable'", ex.Message);
        Assert.Contains(file, ex.Message);
    }

    [Fact]
    public void DirectoryLoadsEveryYamlAndYmlFile()
    {
        _dir.Write("a.yaml", "revision: stable\n");
        _dir.Write("b.yml", "revision: canary\ntag: 1.29.0\n");
        _dir.Write("notes.txt", "revision: ignored\n");
        _dir.Write(".hidden.yaml", "revision: hidden\n");
        var table = RevisionLoader.Load(_dir.Path, "canary");
        Assert.Equal(["canary", "stable"], table.Revisions.Keys.Order().ToArray());
        Assert.Equal("canary", table.Default.Name);
        Assert.Equal("1.29.0", table.Default.Compiled!.Config.Tag);
    }

    [Fact]
    public void DirectoryFileWithoutRevisionKeyIsNamedAfterTheFile()
    {
        _dir.Write("default.yaml", "tag: 1.28.0\n");
        _dir.Write("canary.yaml", "tag: 1.29.0\n");
        var table = RevisionLoader.Load(_dir.Path, null);
        Assert.Equal("default", table.Default.Name);
        Assert.True(table.TryGet("canary", out var canary));
        Assert.Equal("1.29.0", canary.Compiled!.Config.Tag);
    }

    [Fact]
    public void DirectoryWithOneRevisionServesIt()
    {
        _dir.Write("x.yaml", "revision: blue\n");
        Assert.Equal("blue", RevisionLoader.Load(_dir.Path, null).Default.Name);
    }

    [Fact]
    public void DirectoryWithSeveralRevisionsAndNoDefaultNeedsTheOption()
    {
        _dir.Write("a.yaml", "revision: blue\n");
        _dir.Write("b.yaml", "revision: green\n");
        var ex = Assert.Throws<InvalidDataException>(() => RevisionLoader.Load(_dir.Path, null));
        Assert.Contains("--revision", ex.Message);
        Assert.Contains("blue, green", ex.Message);
    }

    [Fact]
    public void ConfigMapMountIsReadThroughItsSymlinks()
    {
        var mount = new ConfigMapMount(_dir.Path);
        mount.Publish(new Dictionary<string, string>
        {
            ["stable.yaml"] = "revision: stable\ntag: 1.28.0\n",
            ["canary.yaml"] = "revision: canary\ntag: 1.29.0\n",
        });
        Assert.True(Directory.Exists(Path.Combine(_dir.Path, "..data")));

        var table = RevisionLoader.Load(_dir.Path, "stable");
        Assert.Equal(["canary", "stable"], table.Revisions.Keys.Order().ToArray());
        Assert.Equal("1.28.0", table.Default.Compiled!.Config.Tag);
    }

    public static TheoryData<string, string, string[]> DirectoryErrors => new()
    {
        { "duplicate revision", "a.yaml=revision: x\n|b.yaml=revision: x\n", ["b.yaml", "'x'", "already defined", "a.yaml"] },
        { "missing --revision", "a.yaml=revision: x\n", ["'nope'", "not among", "x"] },
        { "YAML syntax error", "a.yaml=revision: x\n|b.yaml=hub: [unclosed\n", ["b.yaml", "invalid YAML", "line"] },
        { "unknown setting", "a.yaml=revision: x\nnoSuchSetting: 1\n", ["a.yaml", "noSuchSetting"] },
        { "not a mapping", "a.yaml=- just\n- a list\n", ["a.yaml", "mapping"] },
        { "empty file", "a.yaml=  \n", ["a.yaml", "empty"] },
        { "invalid name", "a.yaml=revision: Canary_1\n", ["a.yaml", "'Canary_1'", "DNS label"] },
        { "no yaml files", "readme.txt=hello\n", ["no *.yaml"] },
    };

    [Theory]
    [MemberData(nameof(DirectoryErrors))]
    public void DirectoryErrorsNameTheFileAndCause(string caseName, string files, string[] expected)
    {
        foreach (var entry in files.Split('|'))
        {
            var eq = entry.IndexOf('=');
            _dir.Write(entry[..eq], entry[(eq + 1)..]);
        }
        var ex = Assert.Throws<InvalidDataException>(() => RevisionLoader.Load(_dir.Path, caseName == "missing --revision" ? "nope" : null));
        foreach (var part in expected) Assert.Contains(part, ex.Message);
    }

    [Fact]
    public void MissingPathIsAnError()
    {
        var missing = Path.Combine(_dir.Path, "nope.yaml");
        var ex = Assert.Throws<InvalidDataException>(() => RevisionLoader.Load(missing, null));
        Assert.Contains(missing, ex.Message);
    }

    [Fact]
    public void InvalidRevisionOptionIsAnError()
    {
        var ex = Assert.Throws<InvalidDataException>(() => RevisionLoader.Load(null, "-bad-"));
        Assert.Contains("--revision '-bad-'", ex.Message);
    }

    [Fact]
    public void UnreadableFileIsAnErrorNamingIt()
    {
        // Tests run as root, so permissions cannot make a file unreadable; reading a directory fails the same way.
        var notAFile = Path.Combine(_dir.Path, "sub.yaml");
        Directory.CreateDirectory(notAFile);
        var ex = Assert.Throws<InvalidDataException>(() => Injector.Revisions.Loading.RevisionFileReader.Read(notAFile, "x"));
        Assert.Contains(notAFile, ex.Message);
        Assert.Contains("cannot read", ex.Message);
    }

    [Fact]
    public void DanglingSymlinkInDirectoryIsIgnored()
    {
        _dir.Write("a.yaml", "revision: x\n");
        File.CreateSymbolicLink(Path.Combine(_dir.Path, "gone.yaml"), Path.Combine(_dir.Path, "missing-target"));
        Assert.Equal("x", RevisionLoader.Load(_dir.Path, null).Default.Name);
    }
}
