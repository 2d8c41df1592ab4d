using Magvit.Cli;

return CliApp.Build().Parse(args).Invoke();
