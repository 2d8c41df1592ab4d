using Magvit.Training.Data;

namespace Magvit.Training.Tests.Data;

public sealed class DataRecipeTests
{
    private static readonly string[] ReservedNames = ["vtest.avi", "cockatoo.mp4", "cityCC0.mpg", "astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg", "motorcycle_left.png", "camera.png"];

    [Fact]
    public void CommittedRecipe_NamesNoReservedOrNonCameraFile()
    {
        var recipe = DataRecipe.Load(TestSupport.RepoPath("data", "recipe.json"));
        var root = recipe.ResolveRoot(TestSupport.RepoPath());

        Assert.NotEmpty(recipe.Sources);
        foreach (var source in recipe.Sources)
        {
            Assert.False(ReservedMedia.IsExcluded(source.Path), $"{source.Path} is reserved or not camera footage");
            foreach (var reserved in ReservedNames.Append("Megamind.avi"))
            {
                Assert.DoesNotContain(Path.GetFileNameWithoutExtension(reserved), source.Path, StringComparison.OrdinalIgnoreCase);
            }

            // Where the packages are unpacked, a glob must not reach a reserved file either (the loader would skip it).
            if (source.IsGlob && Directory.Exists(root))
            {
                Assert.All(Glob.Expand(root, source.Path), match => Assert.False(ReservedMedia.IsExcluded(match), match));
            }
        }
    }

    [Fact]
    public void CommittedRecipe_HasLicencesBothSplitsAndVideos()
    {
        var recipe = DataRecipe.Load(TestSupport.RepoPath("data", "recipe.json"));

        Assert.All(recipe.Sources, s => Assert.False(string.IsNullOrWhiteSpace(s.Licence)));
        Assert.Contains(recipe.Sources, s => s.Split == DataSplit.Validation && s.Kind == SourceKind.Video);
        Assert.Contains(recipe.Sources, s => s.Split == DataSplit.Validation && s.Kind == SourceKind.Image);
        Assert.Contains(recipe.Sources, s => s.Kind == SourceKind.ImageSequence);
        Assert.Contains(recipe.Exclude, e => e.Pattern.Contains("Megamind", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("opencv-doc/usr/share/doc/opencv-doc/examples/data/vtest.avi")]
    [InlineData("python3-imageio/usr/lib/python3/dist-packages/imageio/resources/images/cockatoo.mp4")]
    [InlineData("python3-imageio/usr/lib/python3/dist-packages/imageio/resources/images/astronaut.png")]
    [InlineData("python3-skimage/usr/lib/python3/dist-packages/skimage/data/anything.png")]
    [InlineData("opencv-doc/usr/share/doc/opencv-doc/examples/data/Megamind.avi")]
    public void Validate_ReservedOrNonCameraSource_Throws(string path)
    {
        var recipe = new DataRecipe { Name = "bad", Sources = [new RecipeSource { Path = path, Kind = SourceKind.Video }] };

        var error = Assert.Throws<InvalidDataException>(recipe.Validate);

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Glob_NestedWildcards_ExpandSortedAndMatchCaseInsensitively()
    {
        using var root = new TempDirectory();
        foreach (var file in (string[])["a/x/1.jpg", "a/y/2.JPG", "a/y/3.png", "b/x/4.jpg"])
        {
            Directory.CreateDirectory(Path.GetDirectoryName(root.File(file))!);
            File.WriteAllText(root.File(file), string.Empty);
        }

        var matches = Glob.Expand(root.Path, "a/*/*.jpg").Select(p => Path.GetRelativePath(root.Path, p)).ToList();

        Assert.Equal(["a/x/1.jpg", "a/y/2.JPG"], matches);
        Assert.True(Glob.IsMatch("frame_000123.jpg", "frame_*.jpg"));
        Assert.False(Glob.IsMatch("frame_000123.png", "frame_*.jpg"));
        Assert.True(Glob.IsMatch("g1.avi", "g?.avi"));
    }
}
