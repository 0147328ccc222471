using System.Buffers;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;

namespace BlobBatch.Core.Batches;

/// <summary>
/// Reads each answer of the batch service into memory itself, up to a limit, instead of letting the
/// pipeline buffer whatever arrives: an endless or gigabyte answer (a broken proxy, a hostile host)
/// stops at the limit with <c>InvalidServiceResponse</c> and costs no more memory than that.
/// </summary>
internal sealed class BoundedResponsePolicy : PipelinePolicy
{
    private const int ChunkBytes = 1 << 16;
    private readonly int _maxBytes;

    public BoundedResponsePolicy(int maxBytes) => _maxBytes = maxBytes;

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        message.BufferResponse = false;
        ProcessNext(message, pipeline, currentIndex);
        BufferAsync(message, async: false).AsTask().GetAwaiter().GetResult();
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        message.BufferResponse = false;
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        await BufferAsync(message, async: true).ConfigureAwait(false);
    }

    private async ValueTask BufferAsync(PipelineMessage message, bool async)
    {
        PipelineResponse? response = message.Response;
        if (response?.ContentStream is not Stream network)
        {
            return;
        }

        string action = $"{message.Request.Method} {message.Request.Uri?.AbsolutePath}";
        if (response.Headers.TryGetValue("Content-Length", out string? header)
            && long.TryParse(header, NumberStyles.Integer, CultureInfo.InvariantCulture, out long declared) && declared > _maxBytes)
        {
            network.Dispose();
            throw ServiceAnswers.TooLarge(action, declared);
        }

        var buffered = new MemoryStream();
        byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            int read;
            while ((read = async
                       ? await network.ReadAsync(chunk, 0, chunk.Length, message.CancellationToken).ConfigureAwait(false)
                       : network.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (buffered.Length + read > _maxBytes)
                {
                    throw ServiceAnswers.TooLarge(action, null);
                }

                buffered.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
            network.Dispose();
        }

        buffered.Position = 0;
        response.ContentStream = buffered;
        if (async)
        {
            await response.BufferContentAsync(message.CancellationToken).ConfigureAwait(false);
        }
        else
        {
            response.BufferContent(message.CancellationToken);
        }
    }
}
