using System.Buffers;
using System.Text.Json;
using Injector.Json;
using Injector.Limits;

namespace Injector.Admission;

/// <summary>
/// Reads an AdmissionReview (v1 or v1beta1) from the raw body. Never throws on bad input: every problem becomes an
/// <see cref="AdmissionReadError"/>. The caller owns the returned <see cref="JsonTree"/> (the request's
/// <c>object</c> element lives in it) and must dispose it.
/// </summary>
public static class AdmissionReviewReader
{
    private const string V1 = "admission.k8s.io/v1";
    private const string V1Beta1 = "admission.k8s.io/v1beta1";

    // Why these rules (JsonTree.Parse): kube-apiserver never sends comments or trailing commas, so they are refused.
    // Duplicate keys are accepted and the last one wins, as in the API server's own decoder: it never sends them either
    // (it encodes from typed objects), and checking every object of every body for them cost 17-29 % of the whole
    // request (load/README.md). The depth limit (InputLimits) is far beyond any real pod (~12).

    /// <summary>
    /// Parses <paramref name="body"/>. On failure <paramref name="document"/> is null, <paramref name="error"/> is set
    /// and <paramref name="uid"/>/<paramref name="apiVersion"/> hold whatever could be read (uid may be null).
    /// </summary>
    public static bool TryRead(ReadOnlySequence<byte> body, out JsonTree? document, out AdmissionRequest request,
        out AdmissionReadError error, out string? uid, out AdmissionApiVersion apiVersion)
    {
        request = default;
        uid = null;
        apiVersion = AdmissionApiVersion.V1;
        if (!TryParseDocument(body, out document, out error)) return false;

        if (TryReadRequest(document!.Root, out request, out error, ref uid, ref apiVersion)) return true;
        document.Dispose();
        document = null;
        return false;
    }

    private static bool TryParseDocument(ReadOnlySequence<byte> body, out JsonTree? document, out AdmissionReadError error)
    {
        document = null;
        error = default;
        if (body.IsEmpty)
        {
            error = new("empty_body", "request body is empty; expected an AdmissionReview");
            return false;
        }
        // Every body an API server sends: one pass reads it, and the checks below (each with its own answer) are skipped.
        if (body.IsSingleSegment && JsonTree.TryParseWellFormed(body.First, InputLimits.MaxJsonDepth, out document)) return true;
        if (!Utf8Validation.IsValid(body))
        {
            error = new("invalid_json", "request body is not valid UTF-8");
            return false;
        }
        if (UnpairedSurrogateAt(body) is var at and >= 0)
        {
            // kube-apiserver writes strings from Go, which never escapes half a surrogate pair; such text would throw
            // later, when the string is read (docs/bad-input.md).
            error = new("invalid_json", "request body is not valid JSON: \\u escape of an unpaired UTF-16 surrogate at byte " + at);
            return false;
        }
        try
        {
            // The handler passes one segment (ContiguousBody, below); other callers may not.
            document = JsonTree.Parse(body.IsSingleSegment ? body.First : body.ToArray(), InputLimits.MaxJsonDepth);
            return true;
        }
        catch (JsonException e)
        {
            // JsonTree reports bad input only by exception; it is turned into a value here, once.
            error = new("invalid_json", "request body is not valid JSON: " + OneLine(e.Message));
            return false;
        }
        catch (ArgumentException e)
        {
            // Invalid UTF-8 inside strings surfaces as ArgumentException from the reader on some paths.
            error = new("invalid_json", "request body is not valid JSON: " + OneLine(e.Message));
            return false;
        }
    }

    private static long UnpairedSurrogateAt(ReadOnlySequence<byte> body)
    {
        if (body.IsSingleSegment) return SurrogateEscapes.FindUnpaired(body.FirstSpan);
        // The handler passes one segment (ContiguousBody, below); other callers may not.
        return SurrogateEscapes.FindUnpaired(body.ToArray());
    }

    private static bool TryReadRequest(JsonTreeElement root, out AdmissionRequest request, out AdmissionReadError error,
        ref string? uid, ref AdmissionApiVersion apiVersion)
    {
        request = default;
        if (root.ValueKind != JsonValueKind.Object) return Fail(out error, "not_object", "request body must be a JSON object (an AdmissionReview)");

        // Read the uid first so that every later error can still echo it.
        var hasRequest = root.TryGetProperty("request"u8, out var req) && req.ValueKind == JsonValueKind.Object;
        var fields = new RequestFields();
        Span<JsonTreeElement> found = fields;
        if (hasRequest) RequestFieldNames.Pick(req, found);
        if (found[UidField].ValueKind == JsonValueKind.String) uid = found[UidField].GetString();

        if (!root.TryGetProperty("apiVersion"u8, out var version) || version.ValueKind != JsonValueKind.String)
            return Fail(out error, "bad_api_version", "apiVersion must be a string: admission.k8s.io/v1 or admission.k8s.io/v1beta1");
        if (version.ValueEquals(V1)) apiVersion = AdmissionApiVersion.V1;
        else if (version.ValueEquals(V1Beta1)) apiVersion = AdmissionApiVersion.V1Beta1;
        else return Fail(out error, "bad_api_version", "apiVersion must be admission.k8s.io/v1 or admission.k8s.io/v1beta1");

        if (!root.TryGetProperty("kind"u8, out var kind) || kind.ValueKind != JsonValueKind.String || !kind.ValueEquals("AdmissionReview"u8))
            return Fail(out error, "bad_kind", "kind must be AdmissionReview");
        if (!hasRequest) return Fail(out error, "missing_request", "request must be an object");
        if (string.IsNullOrEmpty(uid)) return Fail(out error, "missing_uid", "request.uid must be a non-empty string");

        var gvk = found[KindField];
        if (gvk.ValueKind != JsonValueKind.Object)
            return Fail(out error, "missing_kind", "request.kind must be an object");
        if (!TryGetString(gvk, "kind"u8, required: true, out var kindName) || !TryGetString(gvk, "group"u8, required: false, out var group))
            return Fail(out error, "missing_kind", "request.kind.kind must be a string (and group, if set)");
        if (!TryGetString(found[OperationField], required: true, out var operation))
            return Fail(out error, "missing_operation", "request.operation must be a string");
        if (!TryGetString(found[NamespaceField], required: false, out var ns))
            return Fail(out error, "wrong_type", "request.namespace must be a string");
        var dryRun = false;
        var dry = found[DryRunField];
        if (dry.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            if (dry.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                return Fail(out error, "wrong_type", "request.dryRun must be a boolean");
            dryRun = dry.GetBoolean();
        }

        var obj = found[ObjectField];
        var hasObject = obj.ValueKind != JsonValueKind.Undefined;
        request = new AdmissionRequest(apiVersion, uid!, group ?? string.Empty, kindName!, operation!, ns, dryRun, hasObject ? obj : default);
        if (request.IsPodCreate && (!hasObject || obj.ValueKind != JsonValueKind.Object))
        {
            request = default;
            return Fail(out error, "missing_object", "request.object must be the Pod object for a Pod CREATE");
        }
        error = default;
        return true;
    }

    private static bool TryGetString(JsonTreeElement parent, ReadOnlySpan<byte> name, bool required, out string? value) =>
        TryGetString(parent.TryGetProperty(name, out var element) ? element : default, required, out value);

    /// <summary>A string member's value (Undefined: absent); the values every Pod CREATE carries are not re-allocated.</summary>
    private static bool TryGetString(JsonTreeElement element, bool required, out string? value)
    {
        value = null;
        if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return !required;
        if (element.ValueKind != JsonValueKind.String) return false;
        value = element.ValueEquals("Pod"u8) ? "Pod" : element.ValueEquals("CREATE"u8) ? "CREATE" : element.GetString();
        return true;
    }

    // The request's members read in one pass (PropertyPicker); the indices name the slots.
    private static readonly PropertyPicker RequestFieldNames = new("uid", "kind", "operation", "namespace", "dryRun", "object");
    private const int UidField = 0, KindField = 1, OperationField = 2, NamespaceField = 3, DryRunField = 4, ObjectField = 5;

    [System.Runtime.CompilerServices.InlineArray(6)]
    private struct RequestFields
    {
        private JsonTreeElement _first;
    }

    private static bool Fail(out AdmissionReadError error, string reason, string message)
    {
        error = new(reason, message);
        return false;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}

/// <summary>
/// Gives the parser one contiguous span. A body that arrived in several pipe segments is copied into a buffer from a
/// pool of our own; a single segment is used as it is.
/// </summary>
/// <remarks>
/// Why not <see cref="ArrayPool{T}.Shared"/> (which JsonTree would use for the same copy): at every gen2
/// collection it drops arrays that have sat in a per-core stack for a minute, even when that stack is in constant use.
/// A steady stream of large pods (an env-heavy 167 KB pod needs a 256 KB buffer, which lives on the large-object heap)
/// then keeps allocating fresh large arrays, and the process RSS steps up and down with each gen2 (load/README.md,
/// soak). This pool never trims: it keeps at most <see cref="ArraysPerSize"/> buffers of each power-of-two size up to
/// <see cref="LargestPooled"/> (at most ~8 MiB in all). Larger bodies get an array of their own, which the GC takes
/// back: pooling those kept 64 MiB for good after a burst of 6 MiB bodies.
/// </remarks>
internal static class ContiguousBody
{
    private const int ArraysPerSize = 4;
    private const int LargestPooled = 1024 * 1024;

    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(LargestPooled, ArraysPerSize);

    /// <summary>The body as one segment; <paramref name="rented"/> is the pooled copy to give back to <see cref="Return"/>.</summary>
    public static ReadOnlySequence<byte> Of(ReadOnlySequence<byte> body, out byte[]? rented)
    {
        rented = null;
        if (body.IsSingleSegment) return body;
        var length = checked((int)body.Length);
        rented = Pool.Rent(length);
        body.CopyTo(rented);
        return new ReadOnlySequence<byte>(rented, 0, length);
    }

    public static void Return(byte[]? rented)
    {
        if (rented is not null) Pool.Return(rented);
    }
}
