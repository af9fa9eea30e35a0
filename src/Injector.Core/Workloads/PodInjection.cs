using Injector.Json;
using System.Buffers;
using System.Text.Json;
using Injector.Injection;

namespace Injector.Workloads;

/// <summary>The shape of <see cref="SidecarInjector.Inject"/>: kube-inject calls the webhook's own core through it
/// (tests substitute a fake patch until the engine lands).</summary>
internal delegate InjectionResult PodInjection(JsonTreeElement pod, in InjectionParameters parameters, CompiledRevision revision, IBufferWriter<byte> patch);
