using System.Buffers;
using System.Diagnostics;
using Injector.Admission;
using Injector.Revisions;

// Usage: profile [--rendered] <seconds per body> <body.json>...
// Handles each body in a loop (warm-up, then a measured pass) and prints the process CPU time per request: CPU
// time, not wall time, so a busy machine stretches the numbers less. Meant to run under `perf record`.
// --rendered: the embedded default without its compiled path, so every pod takes the renderer (Istio's algorithm).
var rendered = args.Length > 0 && args[0] == "--rendered";
if (rendered) args = args[1..];
if (args.Length < 2 || !double.TryParse(args[0], out var seconds))
{
    Console.Error.WriteLine("usage: profile [--rendered] <seconds per body> <body.json>...");
    return 2;
}

var table = RevisionLoader.Load(null, null);
if (rendered) table = new RevisionTable(table.Default.Name, table.Revisions.Values.Select(r => r.WithCompiled(null)));
var response = new ArrayBufferWriter<byte>();
foreach (var file in args[1..])
{
    var body = new ReadOnlySequence<byte>(File.ReadAllBytes(file));
    Loop(body, seconds / 4);
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var allocated = GC.GetAllocatedBytesForCurrentThread();
    var count = Loop(body, seconds);
    var perRequest = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / count;
    var bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / count;
    Console.WriteLine($"{Path.GetFileName(file),-28} {perRequest,9:F1} us CPU/request  {bytes,7} B allocated/request  ({count} requests)");
}
return 0;

long Loop(ReadOnlySequence<byte> body, double forSeconds)
{
    var clock = Stopwatch.StartNew();
    long count = 0;
    while (clock.Elapsed.TotalSeconds < forSeconds)
    {
        response.ResetWrittenCount();
        AdmissionHandler.Handle(body, default, table, response);
        count++;
    }
    return count;
}
