// Usage: BlobBatch.LoadTest.Net8 <built module folder> [--summary <file>]
// Prints one line per check and a count; exits non-zero on any failure.
using BlobBatch.LoadTest;

if (args.Length is not (1 or 3) || (args.Length == 3 && args[1] != "--summary"))
{
    Console.Error.WriteLine("usage: BlobBatch.LoadTest.Net8 <built module folder> [--summary <file>]");
    return 2;
}

var log = new CheckLog();
log.Run("the process runs on .NET 8", () => Environment.Version.Major == 8
    ? $".NET {Environment.Version}"
    : throw new CheckFailed($".NET {Environment.Version}"));

LoadedModule? module = null;
log.Run("the loader loads the module", () =>
{
    module = LoadedModule.Load(args[0]);
    return $"{module.ModuleAssembly.GetName().Name} {module.ModuleAssembly.GetName().Version} into '{module.Context.Name}'";
});

if (module is not null)
{
    log.Run("Core validates a JSONL input", () => CoreExercise.ValidateJsonl(module));
    log.Run("Core counts tokens with its embedded ranks", () => CoreExercise.CountTokens(module));
    new PayloadChecks(module, log).Run();
}

Console.WriteLine($"{log.Passed} checks passed, {log.Failed} failed");
if (args.Length == 3)
{
    log.WriteSummary(args[2]);
}

return log.Failed == 0 ? 0 : 1;
