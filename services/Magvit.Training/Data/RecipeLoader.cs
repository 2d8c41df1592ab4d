using Magvit.Media;

namespace Magvit.Training.Data;

/// <summary>
/// Decodes a recipe's sources: training videos and sequences with the shorter side at Size × LoadScale, training
/// stills once per image scale (never upscaled past the photo), validation sources as the data notes' square crop at
/// Size. Every path is checked against <see cref="ReservedMedia"/>; glob matches that are excluded are skipped.
/// </summary>
internal static class RecipeLoader
{
    private const string FetchHint = "run scripts/fetch-training-data.sh";

    public static TrainingDataset Load(DataRecipe recipe, string root, DatasetOptions options, Action<string>? log)
    {
        recipe.Validate();
        options.Validate();
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The training data folder '{root}' does not exist: {FetchHint}.");
        }

        FfmpegTools.Require(FfmpegTools.Ffmpeg);

        // Sources decode independently (one ffmpeg process each, mostly): as many at once as there are cores.
        var loaded = new (List<MediaClip> Clips, List<string> Notes)[recipe.Sources.Count];
        try
        {
            Parallel.For(
                0, loaded.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                i => loaded[i] = LoadSource(recipe.Sources[i], root, options));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        var train = new List<MediaClip>();
        var validation = new List<MediaClip>();
        for (var i = 0; i < loaded.Length; i++)
        {
            var source = recipe.Sources[i];
            (source.Split == DataSplit.Train ? train : validation).AddRange(loaded[i].Clips);
            foreach (var note in loaded[i].Notes)
            {
                log?.Invoke(note);
            }

            log?.Invoke($"  {source.Split.ToString().ToLowerInvariant(),-10} {source.Path}: {Summary(loaded[i].Clips)}");
        }

        return new TrainingDataset(recipe.Name, train, validation);
    }

    private static (List<MediaClip> Clips, List<string> Notes) LoadSource(RecipeSource source, string root, DatasetOptions options)
    {
        var loadSize = Even(options.Size * options.LoadScale);
        var isValidation = source.Split == DataSplit.Validation;
        var (clips, notes) = (new List<MediaClip>(), new List<string>());
        var files = Matches(source, root, notes);
        if (source.Kind == SourceKind.ImageSequence)
        {
            var sequence = Path.Combine(root, source.Path);
            clips.Add(new MediaClip(source.Path, MediaDecoder.Decode(sequence, VideoOptions(source, options, loadSize, isValidation), isGlob: true), source.Weight));
            return (clips, notes);
        }

        foreach (var file in files)
        {
            var name = Path.GetRelativePath(root, file);
            if (source.Kind == SourceKind.Video)
            {
                clips.Add(new MediaClip(name, MediaDecoder.Decode(file, VideoOptions(source, options, loadSize, isValidation)), source.Weight));
            }
            else if (isValidation)
            {
                clips.Add(new MediaClip(name, MediaDecoder.Decode(file, new DecodeOptions { Size = options.Size, MaxFrames = 1 }), source.Weight));
            }
            else
            {
                var sizes = options.ImageScales.Select(s => Even(loadSize * s)).Distinct().ToList();
                var scaled = MediaDecoder.DecodeStillScales(file, sizes, options.Size);
                foreach (var (frames, size) in scaled.Zip(sizes).DistinctBy(p => (p.First.Width, p.First.Height)))
                {
                    clips.Add(new MediaClip($"{name}@{size}", frames, source.Weight));
                }
            }
        }

        return (clips, notes);
    }

    private static DecodeOptions VideoOptions(RecipeSource source, DatasetOptions options, int loadSize, bool isValidation)
        => isValidation
            ? new DecodeOptions { Size = options.Size, Fit = FrameFit.SquareCrop, FrameRate = source.FrameRate }
            : new DecodeOptions { Size = loadSize, Fit = FrameFit.ShortSide, FrameRate = source.FrameRate };

    /// <summary>The files a source names, minus excluded glob matches; missing files are an error with the fix.</summary>
    private static List<string> Matches(RecipeSource source, string root, List<string> notes)
    {
        var files = source.IsGlob ? Glob.Expand(root, source.Path).ToList() : [Path.Combine(root, source.Path)];
        if (files.Count == 0 || (!source.IsGlob && !File.Exists(files[0])))
        {
            throw new FileNotFoundException($"Recipe source '{source.Path}' not found under '{root}': {FetchHint}.", source.Path);
        }

        var kept = new List<string>();
        foreach (var file in files)
        {
            if (ReservedMedia.IsExcluded(file))
            {
                notes.Add($"  skipped {file}: reserved for evaluation or not camera footage");
                continue;
            }

            kept.Add(file);
        }

        return kept;
    }

    private static int Even(double value) => 2 * (int)Math.Round(value / 2);

    private static string Summary(List<MediaClip> clips)
        => clips.Count == 1
            ? $"{clips[0].Frames.Count} frame(s) of {clips[0].Frames.Width}×{clips[0].Frames.Height}"
            : $"{clips.Count} clips, {clips.Sum(c => c.Frames.Count)} frames";
}
