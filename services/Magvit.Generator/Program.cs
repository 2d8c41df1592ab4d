using Magvit.Generator;
using Magvit.Hosting;

var app = GeneratorApp.Build(args);
var engine = app.Services.GetRequiredService<GeneratorEngineHost>();
app.Run();

// A model that cannot load stops the host; exit non-zero so an orchestrator restarts or flags the pod.
return engine.LoadFailed ? 1 : 0;
