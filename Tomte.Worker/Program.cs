using Tomte.Worker.Cli;

return await TomteCommandLine.RunAsync(args);
