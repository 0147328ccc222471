using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Input;
using BlobBatch.Core.Storage;

namespace BlobBatch.Core.Workflows;

/// <summary>
/// Builds a run's input: rows (from any source, or a CSV file read directly) become validated request
/// lines in parts at the service's limits, with a side map back to the rows; nothing is in place until
/// every part is complete, so a failure or a cancel leaves no partial file. Settings the model would
/// refuse on every line are refused before the first line is written.
/// </summary>
public sealed class InputBuilder : IDisposable
{
    private readonly InputSettings _settings;
    private readonly WorkflowHooks _hooks;
    private readonly ThrottledProgress _progress;
    private BatchInputWriter? _writer;
    private long _rows;

    public InputBuilder(InputSettings settings, WorkflowHooks hooks)
    {
        EndpointSupport.Verify(settings.Request, settings.Model, settings.AllowEmbeddings);
        _settings = settings;
        _hooks = hooks;
        _progress = new ThrottledProgress(hooks.Progress);
    }

    /// <summary>The file the requests go to (parts are named after it).</summary>
    public string OutputPath => _settings.OutputPath;

    /// <summary>The file to write for a resolved -Path: the path itself, or a new dated name inside it when it is a folder.</summary>
    public static string OutputPathFor(string resolvedPath)
    {
        if (!Directory.Exists(resolvedPath))
        {
            return resolvedPath;
        }

        string name = "batch-input-" + DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 6) + ".jsonl";
        return Path.Combine(resolvedPath, name);
    }

    /// <summary>Checks that a response format is a JSON schema object; returns it as JSON text.</summary>
    public static string RequireSchema(string json, object? target)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("a schema is a JSON object");
            }
        }
        catch (JsonException ex)
        {
            throw new BlobBatchException("InvalidResponseFormat", ErrorKind.InvalidArgument, $"-ResponseFormat is not a JSON schema object: {ex.Message}", target);
        }

        return json;
    }

    /// <summary>Validates an existing JSONL file (a full path) with the service's rules; splits it beside itself only when over a limit. Reports progress; cancellable between lines.</summary>
    public static BatchInputResult ValidateJsonl(string path, string? deployment, SplitLimits limits, string? model, bool force, WorkflowHooks hooks, CancellationToken cancellationToken) =>
        JsonlValidation.Prepare(new[] { path }, deployment, limits, TokenCounter.ForModel(model), force, hooks.Progress, cancellationToken)[0];

    /// <summary>Adds one row; <paramref name="messages"/> null builds them from the system prompt and the user template.</summary>
    public void Add(IInputRow row, IReadOnlyList<ChatMessage>? messages = null)
    {
        _writer ??= CreateWriter();
        _writer.Add(row, CustomIdOf(row), messages ?? Compose(row));
        _rows++;
        _progress.Report(() => new WorkProgress(ProgressActivities.Building, "Writing batch input", $"{_rows:N0} requests"));
    }

    /// <summary>Reads a CSV file (a full path) directly, one reused row at a time; cancellable between rows.</summary>
    public BatchInputResult AddCsv(string csvPath, char? delimiter, CancellationToken cancellationToken)
    {
        _hooks.Log($"Reading {csvPath} directly.");
        using var rows = new CsvInputRows(csvPath, delimiter);
        while (rows.Next() is IInputRow row)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Add(row);
        }

        return Complete();
    }

    /// <summary>Puts every part and the side map in place.</summary>
    public BatchInputResult Complete()
    {
        if (_writer is null)
        {
            throw new BlobBatchException("EmptyInput", ErrorKind.InvalidData, "No rows came in, so there is nothing to write (the service would fail an empty file with empty_file).");
        }

        BatchInputResult result = _writer.Complete();
        _progress.Complete(ProgressActivities.Building, "Writing batch input");
        _hooks.Log($"Wrote {_rows} requests into {result.Parts.Count} part(s); side map {result.RowMapPath}.");
        return result;
    }

    /// <summary>
    /// The parts as input files; with <paramref name="upload"/>, each uploaded now (after the confirm hook
    /// agrees) under a new run id. A declined part is left out.
    /// </summary>
    public static async Task<IReadOnlyList<BatchInputFile>> ToFilesAsync(
        BatchInputResult result, BlobBatchContext? context, bool upload, WorkflowHooks hooks, CancellationToken cancellationToken)
    {
        var files = new List<BatchInputFile>();
        string runId = RunIds.New();
        foreach (BatchInputPart part in result.Parts)
        {
            var file = new BatchInputFile(part, result.Deployment, result.Endpoint, result.RowMapPath, context);
            if (upload)
            {
                Uri blob = BlobLocations.InputBlob(context!, runId, Path.GetFileName(part.Path));
                if (!await hooks.Confirm(blob.AbsoluteUri, $"Upload {part.Path}").ConfigureAwait(false))
                {
                    continue;
                }

                hooks.Log($"Uploading part {part.PartNumber}/{part.PartCount} to {blob}.");
                await InputUploader.UploadAsync(context!, part.Path, blob, part.Sha256, null, cancellationToken).ConfigureAwait(false);
                file = file.Uploaded(blob, runId, context!);
            }

            files.Add(file);
        }

        return files;
    }

    /// <summary>Removes what is not complete (temporary parts and side map).</summary>
    public void Dispose() => _writer?.Dispose();

    private BatchInputWriter CreateWriter()
    {
        _hooks.Log($"Writing requests to {_settings.OutputPath}.");
        return new BatchInputWriter(_settings.OutputPath, _settings.Request, _settings.Limits, TokenCounter.ForModel(_settings.Model), _settings.Force, writeRowMap: true);
    }

    private string? CustomIdOf(IInputRow row)
    {
        if (_settings.IdProperty is null)
        {
            return null;
        }

        if (!row.TryGetText(_settings.IdProperty, out string? id))
        {
            throw new BlobBatchException("IdPropertyMissing", ErrorKind.InvalidData,
                $"Row {row.RowNumber} has no property '{_settings.IdProperty}' (named by -IdProperty).", $"row {row.RowNumber}");
        }

        return id;
    }

    private IReadOnlyList<ChatMessage> Compose(IInputRow row)
    {
        PromptTemplate template = _settings.UserTemplate
            ?? throw new BlobBatchException("NoPromptGiven", ErrorKind.InvalidArgument, "Give -UserTemplate (with placeholders like {Title}) or -MessageScript to say what each request asks.");
        string user = template.Render(row);
        return string.IsNullOrEmpty(_settings.SystemPrompt)
            ? new[] { new ChatMessage("user", user) }
            : new[] { new ChatMessage("system", _settings.SystemPrompt!), new ChatMessage("user", user) };
    }
}
