using System.Buffers;
using System.Text.Json;
using Injector.Limits;

namespace Injector.Json;

/// <summary>
/// A JSON text read once into a flat table of its values (rows) over the original bytes: the engine's view of a pod.
/// Same answers as <see cref="JsonDocument"/> (see <see cref="JsonTreeElement"/>) for what the engine reads, built in
/// one pass with a stack of open containers (<see cref="JsonTreeScanner"/>; <see cref="Utf8JsonReader"/> for what it does not accept).
/// </summary>
/// <remarks>
/// Why not <see cref="JsonDocument"/>: it finds the start of every object or array that closes by scanning its rows
/// backwards, so its cost grows with size times depth; on the load corpus that search alone cost a third as much as
/// reading the bytes (load/README.md). Here each container's row is on the stack when it closes.
/// The tree points into the bytes it was given (the caller keeps them alive until the tree is disposed) and rents its
/// table from the shared pool, as <see cref="JsonDocument"/> does.
/// </remarks>
public sealed class JsonTree : IDisposable
{
    internal struct Row
    {
        /// <summary>Strings and names: the first byte after the opening quote; anything else: its first byte.</summary>
        public int Start;
        /// <summary>Strings and names: the raw (escaped) bytes between the quotes; containers: from the bracket to its match.</summary>
        public int Length;
        /// <summary>The row after this value and everything inside it (the next sibling, or the parent's end).</summary>
        public int End;
        public JsonValueKind Kind;
        /// <summary>A string or name with a backslash escape.</summary>
        public bool Escaped;
    }

    // The row tables' own pool, which never trims (as ContiguousBody's for bodies): ArrayPool.Shared drops arrays it
    // has held for a minute at every gen2 collection, even while they are in constant use, and a big pod's table
    // (an env-heavy 167 KB pod needs 256 KB of rows) is then a fresh large-object-heap array each time, so the
    // process's memory stepped up and down with the collections (load/README.md, soak). At most 4 tables of each
    // power-of-two size up to 64 Ki rows (1 MiB) are kept; larger ones are the GC's.
    private static readonly ArrayPool<Row> RowPool = ArrayPool<Row>.Create(64 * 1024, 4);

    private readonly ReadOnlyMemory<byte> _utf8;
    // The bytes as an array when they are one (request bodies, strings): a span from them skips the checks of
    // ReadOnlyMemory.Span, which every lookup by name would pay.
    private readonly byte[]? _array;
    private readonly int _offset;
    private Row[] _rows;

    private JsonTree(ReadOnlyMemory<byte> utf8, Row[] rows, bool plainAsciiStrings)
    {
        PlainAsciiStrings = plainAsciiStrings;
        _utf8 = utf8;
        if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(utf8, out var segment))
        {
            _array = segment.Array;
            _offset = segment.Offset;
        }
        _rows = rows;
    }

    /// <summary>
    /// True when every string and property name is known to hold only U+0020–U+007E, written as themselves or as the
    /// escapes <c>\" \\ \/ \n \r \t</c>: the fast pass finds it out on the way (JsonTreeScanner). False says nothing.
    /// </summary>
    public bool PlainAsciiStrings { get; }

    /// <summary>The top-level value.</summary>
    public JsonTreeElement Root => new(this, 0);

    /// <summary>The bytes of one value, from <paramref name="start"/>.</summary>
    internal ReadOnlySpan<byte> Slice(int start, int length) =>
        _array is null ? _utf8.Span.Slice(start, length) : new ReadOnlySpan<byte>(_array, _offset + start, length);

    internal ref readonly Row RowAt(int index) => ref _rows[index];

    /// <summary>
    /// Reads <paramref name="utf8"/> (no comments, no trailing commas, at most <paramref name="maxDepth"/> levels,
    /// nothing after the value but whitespace). Throws <see cref="JsonException"/> on bad JSON, with the reader's message.
    /// The bytes must stay unchanged while the tree is used.
    /// </summary>
    public static JsonTree Parse(ReadOnlyMemory<byte> utf8, int maxDepth = InputLimits.MaxJsonDepth) =>
        Read(utf8, maxDepth, orWithTheReader: true)!;

    /// <summary>
    /// The tree of <paramref name="utf8"/> when the fast pass accepts it: well-formed JSON, valid UTF-8, no <c>\u</c>
    /// escape of an unpaired surrogate (every body an API server sends). False leaves the text to the caller's checks
    /// and <see cref="Parse(ReadOnlyMemory{byte}, int)"/>, which say what is wrong with it; so the common case checks
    /// the bytes once instead of once per check.
    /// </summary>
    internal static bool TryParseWellFormed(ReadOnlyMemory<byte> utf8, int maxDepth, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JsonTree? tree)
    {
        tree = Read(utf8, maxDepth, orWithTheReader: false);
        return tree is not null;
    }

    private static JsonTree? Read(ReadOnlyMemory<byte> utf8, int maxDepth, bool orWithTheReader)
    {
        // A row needs at least two bytes of text ("[1,1]"); start at one per 16 bytes (a pod has one per 15-25) and grow.
        var rows = RowPool.Rent(Math.Max(16, utf8.Length / 16));
        // The reader reads MaxDepth 0 as its default, 64: the stack must hold that many too.
        var depthLimit = maxDepth > 0 ? maxDepth : 64;
        var open = ArrayPool<int>.Shared.Rent(depthLimit + 1);
        try
        {
            // Well-formed text in one fast pass; anything else is the reader's to accept or refuse (JsonTreeScanner).
            if (!JsonTreeScanner.TryScan(utf8.Span, depthLimit, ref rows, open, out var plainAscii))
            {
                if (!orWithTheReader)
                {
                    RowPool.Return(rows);
                    return null;
                }
                ReadRows(utf8.Span, maxDepth, ref rows, open);
                plainAscii = false; // not known
            }
            return new JsonTree(utf8, rows, plainAscii);
        }
        catch
        {
            RowPool.Return(rows);
            throw;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(open);
        }
    }

    /// <summary>The rows as <see cref="Utf8JsonReader"/> reads them; throws its <see cref="JsonException"/> on bad JSON.</summary>
    internal static void ReadRows(ReadOnlySpan<byte> utf8, int maxDepth, ref Row[] rows, int[] open)
    {
        var options = new JsonReaderOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = maxDepth };
        var reader = new Utf8JsonReader(utf8, options);
        var count = 0;
        var depth = 0;
        while (reader.Read())
        {
            var type = reader.TokenType;
            if (type is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                ref var container = ref rows[open[--depth]];
                container.End = count;
                container.Length = (int)reader.TokenStartIndex + 1 - container.Start;
                continue;
            }
            ref var row = ref NextRow(ref rows, count, (int)reader.TokenStartIndex);
            switch (type)
            {
                case JsonTokenType.StartObject:
                    row.Kind = JsonValueKind.Object;
                    open[depth++] = count;
                    break;
                case JsonTokenType.StartArray:
                    row.Kind = JsonValueKind.Array;
                    open[depth++] = count;
                    break;
                case JsonTokenType.String or JsonTokenType.PropertyName:
                    // A name's row is a String row; only its place (before its value) tells it apart.
                    row.Kind = JsonValueKind.String;
                    row.Start++;
                    row.Length = reader.ValueSpan.Length;
                    row.Escaped = reader.ValueIsEscaped;
                    break;
                default:
                    row.Kind = type switch
                    {
                        JsonTokenType.Number => JsonValueKind.Number,
                        JsonTokenType.True => JsonValueKind.True,
                        JsonTokenType.False => JsonValueKind.False,
                        _ => JsonValueKind.Null,
                    };
                    row.Length = reader.ValueSpan.Length;
                    break;
            }
            count++;
        }
    }

    /// <summary>
    /// Reads <paramref name="json"/> (as UTF-8, owned by the tree) like <see cref="Parse(ReadOnlyMemory{byte}, int)"/>;
    /// text that is not valid UTF-16 throws <see cref="ArgumentException"/>, as <see cref="JsonDocument.Parse(string, JsonDocumentOptions)"/> does.
    /// </summary>
    public static JsonTree Parse(string json, int maxDepth = InputLimits.MaxJsonDepth) => Parse(StrictUtf8.GetBytes(json), maxDepth);

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Row <paramref name="count"/> (the table grown when full), started at <paramref name="start"/> and ending after itself.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static ref Row NextRow(ref Row[] rows, int count, int start)
    {
        if (count == rows.Length) rows = Grow(rows);
        ref var row = ref rows[count];
        row.Start = start;
        row.End = count + 1;
        row.Escaped = false;
        return ref row;
    }

    private static Row[] Grow(Row[] rows)
    {
        var larger = RowPool.Rent(rows.Length * 2);
        rows.CopyTo(larger, 0);
        RowPool.Return(rows);
        return larger;
    }

    public void Dispose()
    {
        var rows = Interlocked.Exchange(ref _rows, null!);
        if (rows is not null) RowPool.Return(rows);
    }
}
