namespace BlobBatch.Core.Input;

/// <summary>How hard a reasoning model thinks before it answers (reasoning_effort / reasoning.effort).</summary>
public enum ReasoningEffort
{
    Minimal,
    Low,
    Medium,
    High,
}
