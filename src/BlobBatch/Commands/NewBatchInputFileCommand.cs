using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Text.Json;
using System.Threading.Tasks;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Input;
using BlobBatch.Core.IO;
using BlobBatch.Core.Storage;
using BlobBatch.Completion;
using BlobBatch.Infrastructure;

namespace BlobBatch.Commands;

/// <summary>Turns rows into validated batch input files (or validates an existing JSONL), split at the service's limits.</summary>
[Cmdlet(VerbsCommon.New, "BatchInputFile", DefaultParameterSetName = RowsSet, SupportsShouldProcess = true)]
[OutputType(typeof(BatchInputFile))]
public sealed class NewBatchInputFileCommand : AsyncPSCmdlet
{
    private const string RowsSet = "Rows";
    private const string JsonlSet = "Jsonl";
    private const string CsvSet = "Csv";

    private BatchInputWriter? _writer;
    private PromptTemplate? _userTemplate;
    private long _rowNumber;
    private IReadOnlyList<string>? _columns;
    private RequestSettings? _settings;

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = RowsSet)]
    public PSObject? InputObject { get; set; }

    /// <summary>A CSV file read directly (no object per row): the fast path for large inputs.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CsvSet)]
    [ValidateNotNullOrEmpty]
    public string? CsvPath { get; set; }

    [Parameter(ParameterSetName = CsvSet)]
    public char? Delimiter { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = JsonlSet)]
    [Alias("PSPath")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ParameterSetName = RowsSet)]
    [Parameter(Mandatory = true, ParameterSetName = CsvSet)]
    [Parameter(ParameterSetName = JsonlSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(DeploymentCompleter))]
    public string? Deployment { get; set; }

    [Parameter(ParameterSetName = RowsSet)]
    [Parameter(ParameterSetName = CsvSet)]
    public string? SystemPrompt { get; set; }

    [Parameter(ParameterSetName = RowsSet)]
    [Parameter(ParameterSetName = CsvSet)]
    public string? UserTemplate { get; set; }

    /// <summary>Returns the messages for a row ($_): strings (user messages) or @{ role = …; content = … }.</summary>
    [Parameter(ParameterSetName = RowsSet)]
    public ScriptBlock? MessageScript { get; set; }

    [Parameter(ParameterSetName = RowsSet)]
    [Parameter(ParameterSetName = CsvSet)]
    [ValidateNotNullOrEmpty]
    public string? IdProperty { get; set; }

    /// <summary>The API the requests target. (-Endpoint is kept as an alias; Connect-BlobBatch's -Endpoint is a URL.)</summary>
    [Parameter(ParameterSetName = RowsSet)]
    [Parameter(ParameterSetName = CsvSet)]
    [Alias("Endpoint")]
    public EndpointKind RequestKind { get; set; } = EndpointKind.ChatCompletions;

    /// <summary>reasoning_effort (chat) or reasoning.effort (Responses), for reasoning models.</summary>
    [Parameter(ParameterSetName = RowsSet)]
    [Parameter(ParameterSetName = CsvSet)]
    public ReasoningEffort? ReasoningEffort { get; set; }

    /// <summary>Further body fields written unchanged on every line (seed, top_p, service_tier, …).</summary>
    [Parameter(ParameterSetName = RowsSet)]
    [Parameter(ParameterSetName = CsvSet)]
    [ValidateNotNull]
    public Hashtable? ExtraBody { get; set; }

    /// <summary>Writes embeddings requests although Azure's batch does not take them today.</summary>
    [Parameter(ParameterSetName = RowsSet)]
    [Parameter(ParameterSetName = CsvSet)]
    public SwitchParameter AllowEmbeddings { get; set; }

    [Parameter(ParameterSetName = RowsSet)]
    [Parameter(ParameterSetName = CsvSet)]
    [ValidateRange(1, int.MaxValue)]
    public int? MaxTokens { get; set; }

    [Parameter(ParameterSetName = RowsSet)]
    [Parameter(ParameterSetName = CsvSet)]
    [ValidateRange(0.0, 2.0)]
    public double? Temperature { get; set; }

    /// <summary>A JSON schema (as JSON text, a hashtable or an object) every answer must follow.</summary>
    [Parameter(ParameterSetName = RowsSet)]
    [Parameter(ParameterSetName = CsvSet)]
    public object? ResponseFormat { get; set; }

    /// <summary>The output file, or a folder to put it in.</summary>
    [Parameter(ParameterSetName = RowsSet)]
    [Parameter(ParameterSetName = CsvSet)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter]
    [ValidateRange(1, SplitLimits.ServiceMaxRequests)]
    public int MaxRequestsPerFile { get; set; } = SplitLimits.ServiceMaxRequests;

    [Parameter]
    [ValidateRange(1, 1000)]
    public int MaxFileSizeMB { get; set; } = 1000;

    [Parameter]
    [ValidateRange(1L, long.MaxValue)]
    public long? MaxTokensPerFile { get; set; }

    /// <summary>Fail instead of splitting an input that exceeds a limit.</summary>
    [Parameter]
    public SwitchParameter NoSplit { get; set; }

    /// <summary>The model behind the deployment, for counting tokens (o200k unless an older family).</summary>
    [Parameter]
    public string? Model { get; set; }

    [Parameter]
    public SwitchParameter Upload { get; set; }

    /// <summary>Not bound from piped rows: a column named Context is data, not a context.</summary>
    [Parameter]
    public BlobBatchContext? Context { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    private SplitLimits Limits => new()
    {
        MaxRequests = MaxRequestsPerFile,
        MaxBytes = Math.Min(SplitLimits.ServiceMaxBytes, MaxFileSizeMB * 1_000_000L),
        MaxTokens = MaxTokensPerFile,
        AllowSplit = !NoSplit,
    };

    protected override void BeginProcessing()
    {
        NativeHeap.Trim();
        if (ParameterSetName == JsonlSet)
        {
            return;
        }

        if (MessageScript is null && UserTemplate is null)
        {
            ThrowTerminatingError(ErrorRecords.From(new BlobBatchException(
                "NoPromptGiven", ErrorKind.InvalidArgument, "Give -UserTemplate (with placeholders like {Title}) or -MessageScript to say what each request asks.")));
        }

        Guard(() =>
        {
            _userTemplate = UserTemplate is null ? null : PromptTemplate.Parse(UserTemplate);
            _settings = CreateSettings();
            EndpointSupport.Verify(_settings, Model, AllowEmbeddings);
        });
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName != RowsSet || InputObject is null)
        {
            return;
        }

        _rowNumber++;
        var row = new PSObjectRow(InputObject, _rowNumber, _columns);
        _columns ??= row.Columns;
        Guard(() =>
        {
            _writer ??= CreateWriter();
            _writer.Add(row, CustomIdOf(row), MessagesFor(row));
        });
    }

    protected override void EndProcessing()
    {
        BatchInputResult? result = null;
        Guard(() => result = ParameterSetName switch
        {
            RowsSet => CompleteRows(),
            CsvSet => WriteCsv(),
            _ => PrepareJsonl(),
        });
        RunOnPool(() => EmitAsync(result!));
    }

    protected override void DisposeResources() => _writer?.Dispose();

    private BatchInputResult CompleteRows()
    {
        if (_writer is null)
        {
            throw new BlobBatchException("EmptyInput", ErrorKind.InvalidData, "No rows came in, so there is nothing to write (the service would fail an empty file with empty_file).");
        }

        BatchInputResult result = _writer.Complete();
        WriteVerbose($"Wrote {_rowNumber} requests into {result.Parts.Count} part(s); side map {result.RowMapPath}.");
        return result;
    }

    private BatchInputResult WriteCsv()
    {
        string path = GetUnresolvedProviderPathFromPSPath(CsvPath);
        WriteVerbose($"Reading {path} directly.");
        using var rows = new CsvInputRows(path, Delimiter);
        while (rows.Next() is IInputRow row)
        {
            _rowNumber = row.RowNumber;
            _writer ??= CreateWriter();
            _writer.Add(row, CustomIdOf(row), MessagesFor(row));
        }

        return CompleteRows();
    }

    private BatchInputResult PrepareJsonl()
    {
        string path = GetUnresolvedProviderPathFromPSPath(LiteralPath);
        WriteVerbose($"Validating {path} with the service's rules.");
        return JsonlInputFile.Prepare(path, Deployment, Limits, TokenCounter.ForModel(Model), Force);
    }

    private async Task EmitAsync(BatchInputResult result)
    {
        BlobBatchContext? context = Upload || Context is not null ? ContextResolver.Resolve(Context) : SessionContext.Current;
        string runId = RunIds.New();
        foreach (BatchInputPart part in result.Parts)
        {
            var file = new BatchInputFile(part, result.Deployment, result.Endpoint, result.RowMapPath, context);
            if (Upload)
            {
                Uri blob = BlobLocations.InputBlob(context!, runId, System.IO.Path.GetFileName(part.Path));
                if (!await ConfirmAsync(blob.AbsoluteUri, $"Upload {part.Path}").ConfigureAwait(false))
                {
                    continue;
                }

                EmitVerbose($"Uploading part {part.PartNumber}/{part.PartCount} to {blob}.");
                await InputUploader.UploadAsync(context!, part.Path, blob, part.Sha256, null, CancelToken).ConfigureAwait(false);
                file = file.Uploaded(blob, runId, context!);
            }

            Emit(file);
        }
    }

    private RequestSettings CreateSettings() => new(Deployment!, RequestKind)
    {
        MaxTokens = MaxTokens,
        Temperature = Temperature,
        ReasoningEffort = ReasoningEffort,
        ResponseSchemaJson = ResponseSchema(),
        ExtraBodyJson = ExtraBody is null ? null : PSJson.ToJson(ExtraBody),
    };

    private BatchInputWriter CreateWriter()
    {
        string target = OutputPath();
        WriteVerbose($"Writing requests to {target}.");
        return new BatchInputWriter(target, _settings!, Limits, TokenCounter.ForModel(Model), Force, writeRowMap: true);
    }

    private string OutputPath()
    {
        string defaultName = "batch-input-" + DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 6) + ".jsonl";
        string path = GetUnresolvedProviderPathFromPSPath(Path ?? ".");
        return Directory.Exists(path) ? System.IO.Path.Combine(path, defaultName) : path;
    }

    private string? ResponseSchema()
    {
        if (ResponseFormat is null)
        {
            return null;
        }

        string json = PSJson.ToJson(ResponseFormat);
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
            throw new BlobBatchException("InvalidResponseFormat", ErrorKind.InvalidArgument, $"-ResponseFormat is not a JSON schema object: {ex.Message}", ResponseFormat);
        }

        return json;
    }

    private string? CustomIdOf(IInputRow row)
    {
        if (IdProperty is null)
        {
            return null;
        }

        if (!row.TryGetText(IdProperty, out string? id))
        {
            throw new BlobBatchException("IdPropertyMissing", ErrorKind.InvalidData,
                $"Row {row.RowNumber} has no property '{IdProperty}' (named by -IdProperty).", $"row {row.RowNumber}");
        }

        return id;
    }

    private IReadOnlyList<ChatMessage> MessagesFor(IInputRow row)
    {
        var messages = new List<ChatMessage>();
        if (MessageScript is not null)
        {
            var variables = new List<PSVariable> { new("_", InputObject) };
            foreach (PSObject item in MessageScript.InvokeWithContext(null, variables, InputObject))
            {
                messages.Add(ToMessage(item, row.RowNumber));
            }

            return messages;
        }

        if (!string.IsNullOrEmpty(SystemPrompt))
        {
            messages.Add(new ChatMessage("system", SystemPrompt!));
        }

        messages.Add(new ChatMessage("user", _userTemplate!.Render(row)));
        return messages;
    }

    private static ChatMessage ToMessage(PSObject item, long rowNumber)
    {
        object value = item.BaseObject;
        if (value is string text)
        {
            return new ChatMessage("user", text);
        }

        string? role = null, content = null;
        if (value is IDictionary dictionary)
        {
            role = dictionary["role"]?.ToString();
            content = dictionary["content"]?.ToString();
        }
        else
        {
            role = item.Properties["role"]?.Value?.ToString();
            content = item.Properties["content"]?.Value?.ToString();
        }

        if (string.IsNullOrEmpty(role) || content is null)
        {
            throw new BlobBatchException("InvalidMessageScriptOutput", ErrorKind.InvalidData,
                $"-MessageScript returned something for row {rowNumber} that is neither a string nor @{{ role = …; content = … }}.", $"row {rowNumber}");
        }

        return new ChatMessage(role!, content);
    }

    private void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (BlobBatchException ex)
        {
            _writer?.Dispose();
            ThrowTerminatingError(ErrorRecords.From(ex));
        }
    }
}
