using Magvit.Training.Media;

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
        FfmpegTools.Require(FfmpegTools.Ffprobe);
        var train = new List<MediaClip>();
        var validation = new List<MediaClip>();
        foreach (var source in recipe.Sources)
        {
            var target = source.Split == DataSplit.Train ? train : validation;
            var before = target.Count;
            foreach (var clip in LoadSource(source, root, options, log))
            {
                target.Add(clip);
            }

            log?.Invoke($"  {source.Split.ToString().ToLowerInvariant(),-10} {source.Path}: {Summary(target.Skip(before).ToList())}");
        }

        return new TrainingDataset(recipe.Name, train, validation);
    }

    private static IEnumerable<MediaClip> LoadSource(RecipeSource source, string root, DatasetOptions options, Action<string>? log)
    {
        var loadSize = Even(options.Size * options.LoadScale);
        var isValidation = source.Split == DataSplit.Validation;
        if (source.Kind == SourceKind.ImageSequence)
        {
            Matches(source, root, log);   // existence and exclusions of the frames
            var sequence = Path.Combine(root, source.Path);
            yield return Clip(source.Path, MediaDecoder.Decode(sequence, VideoOptions(source, options, loadSize, isValidation), isGlob: true), source.Weight);
            yield break;
        }

        foreach (var file in Matches(source, root, log))
        {
            var name = Path.GetRelativePath(root, file);
            if (source.Kind == SourceKind.Video)
            {
                yield return Clip(name, MediaDecoder.Decode(file, VideoOptions(source, options, loadSize, isValidation)), source.Weight);
                continue;
            }

            if (isValidation)
            {
                yield return Clip(name, MediaDecoder.Decode(file, new DecodeOptions { Size = options.Size, MaxFrames = 1 }), source.Weight);
                continue;
            }

            var info = MediaProbe.Probe(file);
            var shortSide = Math.Min(info.Width, info.Height);
            var sizes = options.ImageScales.Select(s => Math.Max(options.Size, Math.Min(Even(loadSize * s), shortSide))).Distinct();
            foreach (var size in sizes)
            {
                var frames = MediaDecoder.Decode(file, new DecodeOptions { Size = size, Fit = FrameFit.ShortSide, MaxFrames = 1 });
                yield return Clip($"{name}@{size}", frames, source.Weight);
            }
        }
    }

    private static DecodeOptions VideoOptions(RecipeSource source, DatasetOptions options, int loadSize, bool isValidation)
        => isValidation
            ? new DecodeOptions { Size = options.Size, Fit = FrameFit.SquareCrop, FrameRate = source.FrameRate }
            : new DecodeOptions { Size = loadSize, Fit = FrameFit.ShortSide, FrameRate = source.FrameRate };

    /// <summary>The files a source names, minus excluded glob matches; missing files are an error with the fix.</summary>
    private static List<string> Matches(RecipeSource source, string root, Action<string>? log)
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
                log?.Invoke($"  skipped {file}: reserved for evaluation or not camera footage");
                continue;
            }

            kept.Add(file);
        }

        return kept;
    }

    private static MediaClip Clip(string name, RgbFrames frames, double weight) => new(name, frames, weight);

    private static int Even(double value) => 2 * (int)Math.Round(value / 2);

    private static string Summary(List<MediaClip> clips)
        => clips.Count == 1
            ? $"{clips[0].Frames.Count} frame(s) of {clips[0].Frames.Width}×{clips[0].Frames.Height}"
            : $"{clips.Count} clips, {clips.Sum(c => c.Frames.Count)} frames";
}
