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
using BlobBatch.Core.Results.Usage;
using BlobBatch.Core.Workflows;
using BlobBatch.Completion;
using BlobBatch.Infrastructure;

namespace BlobBatch.Commands;

/// <summary>
/// Turns rows into validated batch input files (or validates an existing JSONL), split at the service's
/// limits. Rows come from the pipeline, from a CSV file (-InputCsvPath), or from CSV files piped in
/// (Get-ChildItem *.csv), all into one input with one side map.
/// </summary>
[Cmdlet(VerbsCommon.New, "BatchInputFile", DefaultParameterSetName = RowsSet, SupportsShouldProcess = true)]
[OutputType(typeof(BatchInputFile))]
public sealed class NewBatchInputFileCommand : AsyncPSCmdlet
{
    private const string RowsSet = "Rows";
    private const string JsonlSet = "Jsonl";
    private const string CsvSet = "Csv";

    private InputBuilder? _builder;
    private bool _confirmed;
    private string? _csvPath;
    private string? _jsonlPath;
    private long _rowNumber;
    private IReadOnlyList<string>? _columns;

    /// <summary>
    /// A row, or a CSV file (a FileInfo from Get-ChildItem), whose rows are read as -InputCsvPath reads them. Files are
    /// bound here by value, not to a path parameter by PSPath: any object binds to -InputObject first, so that is where a file arrives.
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = RowsSet)]
    public PSObject? InputObject { get; set; }

    /// <summary>A CSV file read directly (no object per row): the fast path for large inputs. (-CsvPath is kept as an alias.)</summary>
    [Parameter(Mandatory = true, ParameterSetName = CsvSet)]
    [Alias("CsvPath")]
    [ValidateNotNullOrEmpty]
    public string? InputCsvPath { get; set; }

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

    /// <summary>The output file, or a folder to put it in. (-Path is kept as an alias, which is why files read are -LiteralPath and -InputCsvPath.)</summary>
    [Parameter(ParameterSetName = RowsSet)]
    [Parameter(ParameterSetName = CsvSet)]
    [Alias("Path")]
    [ValidateNotNullOrEmpty]
    public string? OutputPath { get; set; }

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

    /// <summary>Prices per million tokens (Input, CachedInput, Output): each file then shows the estimated cost of its input tokens.</summary>
    [Parameter]
    [TokenPriceTransformation]
    [ArgumentCompleter(typeof(PriceCompleter))]
    public TokenPrice? Price { get; set; }

    private SplitLimits Limits => new()
    {
        MaxRequests = MaxRequestsPerFile,
        MaxBytes = Math.Min(SplitLimits.ServiceMaxBytes, MaxFileSizeMB * 1_000_000L),
        MaxTokens = MaxTokensPerFile,
        AllowSplit = !NoSplit,
    };

    protected override void BeginProcessing()
    {
        if (ParameterSetName == JsonlSet)
        {
            _jsonlPath = GetUnresolvedProviderPathFromPSPath(LiteralPath);
            _confirmed = ShouldProcess(_jsonlPath, "Validate the batch input file (and split it into parts beside it when over a limit)");
            return;
        }

        if (MessageScript is null && UserTemplate is null)
        {
            ThrowTerminatingError(ErrorRecords.From(new BlobBatchException(
                "NoPromptGiven", ErrorKind.InvalidArgument, "Give -UserTemplate (with placeholders like {Title}) or -MessageScript to say what each request asks.")));
        }

        Guard(() =>
        {
            var request = new RequestSettings(Deployment!, RequestKind)
            {
                MaxTokens = MaxTokens,
                Temperature = Temperature,
                ReasoningEffort = ReasoningEffort,
                ResponseSchemaJson = ResponseFormat is null ? null : InputBuilder.RequireSchema(PSJson.ToJson(ResponseFormat), ResponseFormat),
                ExtraBodyJson = ExtraBody is null ? null : PSJson.ToJson(ExtraBody),
            };
            string output = InputBuilder.OutputPathFor(GetUnresolvedProviderPathFromPSPath(OutputPath ?? "."));
            _builder = new InputBuilder(
                new InputSettings(request, Limits, output)
                {
                    Model = Model,
                    Force = Force,
                    AllowEmbeddings = AllowEmbeddings,
                    SystemPrompt = SystemPrompt,
                    UserTemplate = UserTemplate is null ? null : PromptTemplate.Parse(UserTemplate),
                    IdProperty = IdProperty,
                },
                Hooks());
            _csvPath = InputCsvPath is null ? null : GetUnresolvedProviderPathFromPSPath(InputCsvPath);
        });
        _confirmed = ShouldProcess(_builder!.OutputPath, "Write batch input file(s)");
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName != RowsSet || InputObject is null || !_confirmed)
        {
            return;
        }

        if (InputObject.BaseObject is FileInfo file)
        {
            Guard(() => AddCsvFile(file.FullName));
            return;
        }

        _rowNumber++;
        var row = new PSObjectRow(InputObject, _rowNumber, _columns);
        _columns ??= row.Columns;
        Guard(() => _builder!.Add(row, MessageScript is null ? null : ScriptMessages(InputObject, row.RowNumber)));
    }

    // On the pipeline thread, where -MessageScript may run; Ctrl+C is noticed between rows.
    private void AddCsvFile(string path)
    {
        WriteVerbose($"Reading the rows of {path}.");
        using var rows = new CsvInputRows(path, null);
        while (rows.Next() is IInputRow row)
        {
            CancelToken.ThrowIfCancellationRequested();
            var numbered = new RenumberedRow(row, ++_rowNumber);
            _builder!.Add(numbered, MessageScript is null ? null : ScriptMessages(RenumberedRow.AsPSObject(row), numbered.RowNumber));
        }
    }

    protected override void EndProcessing()
    {
        if (!_confirmed)
        {
            return;
        }

        BatchInputResult? result = null;
        switch (ParameterSetName)
        {
            case RowsSet:
                Guard(() => result = _builder!.Complete());
                break;
            case CsvSet:
                // Off the pipeline thread, so Ctrl+C (StopProcessing) cancels it between rows.
                RunOnPool(() => Task.Run(() => { result = _builder!.AddCsv(_csvPath!, Delimiter, CancelToken); }, CancelToken));
                break;
            default:
                WriteVerbose($"Validating {_jsonlPath} with the service's rules.");
                WorkflowHooks hooks = Hooks();
                SplitLimits limits = Limits;

                // Off the pipeline thread, so Ctrl+C (StopProcessing) cancels it between lines; its progress is written here.
                RunOnPool(() => Task.Run(() => { result = InputBuilder.ValidateJsonl(_jsonlPath!, Deployment, limits, Model, Force, hooks, CancelToken); }, CancelToken));
                break;
        }

        RunOnPool(() => EmitAsync(result!));
    }

    protected override void DisposeResources() => _builder?.Dispose();

    private async Task EmitAsync(BatchInputResult result)
    {
        BlobBatchContext? context = Upload || Context is not null ? ContextResolver.Resolve(Context) : SessionContext.Current;
        foreach (BatchInputFile file in await InputBuilder.ToFilesAsync(result, context, Upload, Hooks(), CancelToken).ConfigureAwait(false))
        {
            Emit(file.Priced(Price));
        }
    }

    private IReadOnlyList<ChatMessage> ScriptMessages(PSObject row, long rowNumber)
    {
        var messages = new List<ChatMessage>();
        var variables = new List<PSVariable> { new("_", row) };
        foreach (PSObject item in MessageScript!.InvokeWithContext(null, variables, row))
        {
            messages.Add(ToMessage(item, rowNumber));
        }

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
            _builder?.Dispose();
            ThrowTerminatingError(ErrorRecords.From(ex));
        }
    }
}
