using Magvit.Detokenizer;

DetokenizerApp.Build(args).Run();
