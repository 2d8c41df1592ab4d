using Magvit.Cli;

return await CliApp.InvokeAsync(args).ConfigureAwait(false);
