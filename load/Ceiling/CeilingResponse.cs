using System.Text;

namespace Injector.Load.Ceiling;

/// <summary>
/// The fixed answer: an AdmissionReview response shaped like the injector's (allowed, JSONPatch, base64 patch),
/// padded to the requested size so that the bytes on the wire match the injector's.
/// </summary>
internal static class CeilingResponse
{
    private const string Head =
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"response\":{" +
        "\"uid\":\"00000000-0000-0000-0000-000000000000\",\"allowed\":true,\"patchType\":\"JSONPatch\",\"patch\":\"";
    private const string Tail = "\"}}";

    public static int MinimumSize => Head.Length + Tail.Length;

    public static byte[] Create(int size)
    {
        var bytes = new byte[size];
        var head = Encoding.ASCII.GetBytes(Head);
        var tail = Encoding.ASCII.GetBytes(Tail);
        head.CopyTo(bytes, 0);
        // 'A' is valid base64 and keeps the body valid JSON whatever the size.
        bytes.AsSpan(head.Length, size - head.Length - tail.Length).Fill((byte)'A');
        tail.CopyTo(bytes, size - tail.Length);
        return bytes;
    }
}
