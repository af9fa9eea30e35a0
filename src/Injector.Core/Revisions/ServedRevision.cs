using Injector.Injection;
using Injector.Istio.Install;
using Injector.Rendering;

namespace Injector.Revisions;

/// <summary>
/// One revision as this process serves it, complete and immutable at load: Istio's inputs (<see cref="Texts"/>,
/// parsed once into <see cref="Inputs"/>), the rendered injector that follows Istio's algorithm over them, and the
/// compiled fast path when it covers the revision's settings (<see cref="Compiled"/>; null: every pod is rendered).
/// </summary>
public sealed class ServedRevision
{
    private ServedRevision(string name, InstallTexts texts, InjectorInputs inputs, CompiledRevision? compiled, IReadOnlyList<string> forbiddenAnnotations)
    {
        Name = name;
        Texts = texts;
        Inputs = inputs;
        Rendered = new RenderedInjector(inputs);
        Compiled = compiled;
        ForbiddenAnnotations = forbiddenAnnotations;
    }

    /// <summary>The revision's name: Istio's <c>revision</c> value, <c>default</c> when that is empty.</summary>
    public string Name { get; }

    public InstallTexts Texts { get; }
    public InjectorInputs Inputs { get; }
    public RenderedInjector Rendered { get; }
    public CompiledRevision? Compiled { get; }

    /// <summary>Annotation keys that deny a pod this revision would inject (a guard of this injector, not Istio's).</summary>
    public IReadOnlyList<string> ForbiddenAnnotations { get; }

    /// <summary>Parses <paramref name="texts"/> once; throws <see cref="InvalidDataException"/> naming the source and the
    /// value, template or field at fault.</summary>
    public static ServedRevision Load(InstallTexts texts, CompiledRevision? compiled = null, IReadOnlyList<string>? forbiddenAnnotations = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        InjectorInputs inputs;
        try
        {
            inputs = InjectorInputs.Load(texts);
        }
        catch (Exception ex) when (ex is InstallInputException or Istio.Mesh.MeshConfigException)
        {
            throw new InvalidDataException(texts.Source + ": " + ex.Message, ex);
        }
        var name = NameOf(texts.Revision);
        if (compiled is not null && compiled.Name != name)
        {
            throw new InvalidOperationException($"compiled revision '{compiled.Name}' does not match the inputs' revision '{name}'");
        }
        return new ServedRevision(name, texts, inputs, compiled, forbiddenAnnotations ?? []);
    }

    /// <summary>This revision served by <paramref name="compiled"/> too (or by the renderer alone, null); Istio's inputs
    /// are shared, not parsed again.</summary>
    public ServedRevision WithCompiled(CompiledRevision? compiled)
    {
        if (compiled is not null && compiled.Name != Name)
        {
            throw new InvalidOperationException($"compiled revision '{compiled.Name}' does not match the inputs' revision '{Name}'");
        }
        return new ServedRevision(Name, Texts, Inputs, compiled, ForbiddenAnnotations);
    }

    /// <summary>Istio's revision value as a name: empty is <c>default</c>.</summary>
    public static string NameOf(string istioRevision) =>
        string.IsNullOrEmpty(istioRevision) ? RevisionLoader.DefaultRevisionName : istioRevision;
}
