using System;
using System.IO;
using System.Security.Cryptography;
using BlobBatch.Core.Input;
using BlobBatch.Core.IO;

namespace BlobBatch.Core.Storage;

/// <summary>
/// An input part read as it is uploaded for a target whose deployment differs from the part's own:
/// each line with body.model rewritten, ending in a line feed. Read-only and forward-only, so the
/// part is never copied on disk; <see cref="Sha256Of"/> reads it once to know the uploaded hash.
/// </summary>
internal sealed class ModelRewritingStream : Stream
{
    private readonly JsonlLineReader _reader;
    private readonly byte[] _deployment;
    private byte[] _scratch = new byte[1 << 16];
    private byte[] _pending = Array.Empty<byte>();
    private int _pendingStart;
    private int _pendingEnd;
    private long _position;

    public ModelRewritingStream(string path, string deployment)
    {
        _reader = new JsonlLineReader(InputFiles.OpenRead(path));
        _deployment = ModelField.Encode(deployment);
    }

    /// <summary>Lower-case hex SHA-256 of what the upload of <paramref name="path"/> for <paramref name="deployment"/> holds.</summary>
    public static string Sha256Of(string path, string deployment)
    {
        using var stream = new ModelRewritingStream(path, deployment);
        using SHA256 sha = SHA256.Create();
        return Hex.Lower(sha.ComputeHash(stream));
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int written = 0;
        while (written < count)
        {
            if (_pendingStart == _pendingEnd && !NextLine())
            {
                break;
            }

            int take = Math.Min(count - written, _pendingEnd - _pendingStart);
            Buffer.BlockCopy(_pending, _pendingStart, buffer, offset + written, take);
            _pendingStart += take;
            written += take;
        }

        _position += written;
        return written;
    }

    private bool NextLine()
    {
        if (!_reader.TryReadLine(out ArraySegment<byte> line))
        {
            return false;
        }

        ArraySegment<byte> rewritten = ModelField.Rewrite(line, _deployment, ref _scratch);
        if (_pending.Length < rewritten.Count + 1)
        {
            _pending = new byte[Math.Max(rewritten.Count + 1, _pending.Length * 2)];
        }

        Buffer.BlockCopy(rewritten.Array!, rewritten.Offset, _pending, 0, rewritten.Count);
        _pending[rewritten.Count] = (byte)'\n';
        _pendingStart = 0;
        _pendingEnd = rewritten.Count + 1;
        return true;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.Dispose();
        }

        base.Dispose(disposing);
    }
}
