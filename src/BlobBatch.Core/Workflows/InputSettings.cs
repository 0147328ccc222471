using BlobBatch.Core.Input;

namespace BlobBatch.Core.Workflows;

/// <summary>What New-BatchInputFile was told about the requests and the files, as plain values (paths already resolved).</summary>
public sealed class InputSettings
{
    public InputSettings(RequestSettings request, SplitLimits limits, string outputPath)
    {
        Request = request;
        Limits = limits;
        OutputPath = outputPath;
    }

    public RequestSettings Request { get; }

    public SplitLimits Limits { get; }

    /// <summary>The output file (a full path); parts and the side map are named after it.</summary>
    public string OutputPath { get; }

    /// <summary>The model behind the deployment: its tokenizer and its family's rules.</summary>
    public string? Model { get; set; }

    public bool Force { get; set; }

    public bool AllowEmbeddings { get; set; }

    public string? SystemPrompt { get; set; }

    /// <summary>The user message of each row; null when the caller builds the messages itself.</summary>
    public PromptTemplate? UserTemplate { get; set; }

    /// <summary>The row property that becomes custom_id; null for row-1, row-2, ….</summary>
    public string? IdProperty { get; set; }
}
