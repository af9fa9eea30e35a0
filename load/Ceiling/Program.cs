using Injector.Load.Ceiling;

// Composition root: read the options, start the two listeners, serve until stopped.
if (!CeilingOptions.TryParse(args, out var options, out var error))
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(CeilingOptions.Usage);
    return 2;
}

var app = CeilingServer.Build(options);
await app.RunAsync();
return 0;
