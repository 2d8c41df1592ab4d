namespace Magvit.Polyglot.Tests;

/// <summary>
/// The other languages' runtimes, checked once per test run. A missing runtime or package fails the tests that need it
/// with what to install (scripts/install-test-deps.sh installs all of it); nothing is skipped.
/// </summary>
internal static class Toolchains
{
    private static readonly Lazy<Task> PythonReady = new(PreparePythonAsync);
    private static readonly Lazy<Task> NodeReady = new(PrepareNodeAsync);

    /// <summary>
    /// The interpreter that sees Debian's python3-grpcio and python3-protobuf: <c>MAGVIT_PYTHON</c>, else
    /// /usr/bin/python3 (a python3 earlier on PATH, such as a pyenv one, does not see Debian's packages).
    /// </summary>
    public static string Python { get; } =
        Environment.GetEnvironmentVariable("MAGVIT_PYTHON") is { Length: > 0 } python ? python
        : File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public static string Node { get; } = "node";

    /// <summary>Python with grpc and protobuf, and the stubs generated from the current protos (clients/python/generate.sh).</summary>
    public static Task RequirePythonAsync() => PythonReady.Value;

    /// <summary>Node.js 20 or later with the client's npm dependencies installed.</summary>
    public static Task RequireNodeAsync() => NodeReady.Value;

    private static async Task PreparePythonAsync()
    {
        try
        {
            await ClientProcess.RunAsync(Python, "-c", "import grpc, google.protobuf");
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException(
                $"The Python client needs {Python} with Debian's python3-grpcio and python3-protobuf (apt-get install python3-grpcio "
                + "python3-protobuf, or run scripts/install-test-deps.sh); set MAGVIT_PYTHON to use another interpreter. " + e.Message, e);
        }

        await ClientProcess.RunAsync("bash", "clients/python/generate.sh");
    }

    private static async Task PrepareNodeAsync()
    {
        string version;
        try
        {
            version = (await ClientProcess.RunAsync(Node, "--version")).Trim();
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException("The Node.js client needs Node.js 20 or later on PATH. " + e.Message, e);
        }

        if (!int.TryParse(version.TrimStart('v').Split('.')[0], out var major) || major < 20)
        {
            throw new InvalidOperationException($"The Node.js client needs Node.js 20 or later; `node --version` says {version}.");
        }

        var grpc = Path.Combine(RepositoryRoot.Path, "clients", "typescript", "node_modules", "@grpc", "grpc-js", "package.json");
        if (!File.Exists(grpc))
        {
            throw new InvalidOperationException(
                "The Node.js client's dependencies are not installed (no clients/typescript/node_modules/@grpc/grpc-js): run scripts/install-test-deps.sh "
                + "or `npm ci` in clients/typescript.");
        }
    }
}
