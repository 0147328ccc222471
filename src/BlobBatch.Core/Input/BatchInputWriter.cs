using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.RegularExpressions;
using BlobBatch.Core.Errors;
using BlobBatch.Core.IO;

namespace BlobBatch.Core.Input;

/// <summary>
/// Turns rows into request lines, streaming: one line is built, validated, counted and written at a
/// time, split into parts at the limits, with the side map written beside it.
/// </summary>
public sealed class BatchInputWriter : IDisposable
{
    private static readonly Regex DeploymentName = new("^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$", RegexOptions.CultureInvariant);

    private readonly RequestSettings _settings;
    private readonly RequestLineSerializer _serializer;
    private readonly TokenCounter _tokens;
    private readonly PartFileSet _parts;
    private readonly RowMapWriter? _rowMap;
    private readonly CustomIds _ids = new(row => $"Row {row}");
    private readonly BackgroundTokenTally? _tally;
    private readonly MemoryStream _line = new();
    private readonly Utf8JsonWriter _json;

    public BatchInputWriter(string targetPath, RequestSettings settings, SplitLimits limits, TokenCounter tokens, bool force, bool writeRowMap)
    {
        RequireDeploymentName(settings.Deployment);
        _settings = settings;
        _serializer = new RequestLineSerializer(settings);
        _tokens = tokens;
        _json = new Utf8JsonWriter(_line);
        _parts = new PartFileSet(targetPath, limits, force);

        // Only a token budget needs each count before the line is placed; otherwise count alongside.
        _tally = limits.MaxTokens is null ? new BackgroundTokenTally(tokens) : null;
        if (writeRowMap)
        {
            _rowMap = new RowMapWriter(RowMapPathFor(targetPath), force);
        }
    }

    public static string RowMapPathFor(string targetPath) => Path.ChangeExtension(LocalPaths.Full(targetPath), ".rows.jsonl");

    /// <summary>Refuses what cannot be a deployment name ("../../etc"), from a parameter or, with <paramref name="where"/>, from an input line.</summary>
    public static void RequireDeploymentName(string deployment, string? where = null)
    {
        if (!DeploymentName.IsMatch(deployment ?? string.Empty))
        {
            throw new BlobBatchException(
                "InvalidDeploymentName", ErrorKind.InvalidArgument,
                $"{(where is null ? string.Empty : where + ": ")}'{deployment}' is not a deployment name: use 2 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.",
                where ?? deployment);
        }
    }

    /// <summary>Writes one request; returns its custom_id. A null <paramref name="customId"/> gets a stable generated one.</summary>
    public string Add(IInputRow row, string? customId, IReadOnlyList<ChatMessage> messages)
    {
        string where = $"Row {row.RowNumber}";
        string id = customId ?? CustomIds.Generated(row.RowNumber);
        _ids.Add(id, row.RowNumber);

        _line.SetLength(0);
        _json.Reset(_line);
        _serializer.Write(_json, id, messages);
        bool embedding = _settings.Endpoint == EndpointKind.Embeddings;
        var line = new ArraySegment<byte>(_line.GetBuffer(), 0, (int)_line.Length);
        if (_tally is null)
        {
            _parts.Append(line, embedding ? _tokens.CountText(messages) : _tokens.CountChat(messages), where);
        }
        else
        {
            _tally.Post(_parts.Append(line, 0, where), messages, embedding);
        }

        _rowMap?.Add(id, row);
        return id;
    }

    public BatchInputResult Complete()
    {
        _ids.Finish();
        if (_tally is not null)
        {
            foreach (KeyValuePair<int, long> part in _tally.Finish())
            {
                _parts.AddTokens(part.Key, part.Value);
            }
        }

        IReadOnlyList<BatchInputPart> parts = _parts.Complete();
        _rowMap?.Complete();
        return new BatchInputResult(parts, _settings.Deployment, _settings.Endpoint, _rowMap?.Path);
    }

    public void Dispose()
    {
        _tally?.Dispose();
        _ids.Dispose();
        _parts.Dispose();
        _rowMap?.Dispose();
        _json.Dispose();
        _line.Dispose();
    }
}
