using Magvit.Tokenizer;

TokenizerApp.Build(args).Run();
