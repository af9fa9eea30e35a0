namespace Injector.Kube.Schema;

/// <summary>A field's <c>patchStrategy</c> struct tag (strategic merge patch): <c>merge</c>, <c>replace</c>,
/// <c>retainKeys</c>, or <c>merge,retainKeys</c>.</summary>
[Flags]
internal enum PatchStrategy
{
    None = 0,
    Merge = 1,
    Replace = 2,
    RetainKeys = 4,
}
