using Magvit.Hosting;
using Magvit.Detokenizer;

var app = DetokenizerApp.Build(args);
var engine = app.Services.GetRequiredService<TokenizerEngineHost>();
app.Run();

// A model that cannot load stops the host; exit non-zero so an orchestrator restarts or flags the pod.
return engine.LoadFailed ? 1 : 0;
