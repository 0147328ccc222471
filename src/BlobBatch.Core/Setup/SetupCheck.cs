namespace BlobBatch.Core.Setup;

/// <summary>One line of the setup checklist: what was checked, how it went, and the exact fix when it failed.</summary>
public sealed class SetupCheck
{
    public SetupCheck(string name, SetupCheckStatus status, string detail, string? fix = null)
    {
        Name = name;
        Status = status;
        Detail = detail;
        Fix = fix;
    }

    public string Name { get; }

    public SetupCheckStatus Status { get; }

    public string Detail { get; }

    public string? Fix { get; }

    public override string ToString() => $"[{Status}] {Name}: {Detail}";
}
