using BlobBatch.Emulator.Input;

namespace BlobBatch.Emulator.Backends;

/// <summary>Executes one request of a batch and returns the HTTP status and body the model endpoint answered.</summary>
public interface IRequestBackend
{
    Task<BackendResult> ExecuteAsync(InputRequest request, CancellationToken cancellationToken);
}
