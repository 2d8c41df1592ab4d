using Magvit.Training.Data;

namespace Magvit.Training.Tests.Data;

public sealed class RecipeLoaderTests
{
    [Fact]
    public void Load_RecipeOfLavfiMedia_DecodesTrainAndValidationAndSkipsReservedGlobMatches()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.File("photos"));
        TestSupport.Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=80x60:rate=25:duration=0.96", "-c:v", "ffv1", root.File("walk.mkv"));
        TestSupport.Ffmpeg("-f", "lavfi", "-i", "mandelbrot=size=60x60:rate=25", "-frames:v", "12", "-c:v", "ffv1", root.File("held-out.mkv"));
        TestSupport.Ffmpeg("-f", "lavfi", "-i", "testsrc=size=120x90", "-frames:v", "1", root.File("photos/p1.png"));
        TestSupport.Ffmpeg("-f", "lavfi", "-i", "testsrc=size=120x90", "-frames:v", "1", root.File("photos/astronaut.png"));
        var recipe = new DataRecipe
        {
            Name = "lavfi",
            Root = root.Path,
            Sources =
            [
                new RecipeSource { Path = "walk.mkv", Kind = SourceKind.Video },
                new RecipeSource { Path = "photos/*.png", Kind = SourceKind.Image, Weight = 0.5 },
                new RecipeSource { Path = "held-out.mkv", Kind = SourceKind.Video, Split = DataSplit.Validation },
            ],
        };
        var log = new List<string>();

        var data = TrainingDataset.Load(recipe, recipe.ResolveRoot("/"), new DatasetOptions { Size = 16 }, log.Add);

        var video = Assert.Single(data.Train, c => !c.IsStill);
        Assert.Equal((27, 20, 24), (video.Frames.Width, video.Frames.Height, video.Frames.Count));   // short side 16 × 1.25
        Assert.Equal(["photos/p1.png@20", "photos/p1.png@40"], data.Train.Where(c => c.IsStill).Select(c => c.Name));
        Assert.All(data.Train.Where(c => c.IsStill), c => Assert.Equal(0.5, c.Weight));
        var held = Assert.Single(data.Validation);
        Assert.Equal((16, 16, 12), (held.Frames.Width, held.Frames.Height, held.Frames.Count));
        Assert.Contains(log, l => l.Contains("astronaut.png", StringComparison.Ordinal) && l.Contains("skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MissingRootOrSource_SaysToFetchTheData()
    {
        var recipe = new DataRecipe { Name = "missing", Sources = [new RecipeSource { Path = "nothing.mp4", Kind = SourceKind.Video }] };
        using var root = new TempDirectory();

        var noRoot = Assert.Throws<DirectoryNotFoundException>(() => TrainingDataset.Load(recipe, root.File("absent"), new DatasetOptions()));
        var noFile = Assert.Throws<FileNotFoundException>(() => TrainingDataset.Load(recipe, root.Path, new DatasetOptions()));

        Assert.Contains("scripts/fetch-training-data.sh", noRoot.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/fetch-training-data.sh", noFile.Message, StringComparison.Ordinal);
    }
}
