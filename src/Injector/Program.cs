using Injector.Cli;

// Composition root only: every behaviour is a sub-command.
return await CliRoot.InvokeAsync(args);
