using System;

namespace BlobBatch.Core.Workflows;

/// <summary>IProgress that reports on the calling thread, unlike Progress&lt;T&gt;, which needs a synchronization context.</summary>
public sealed class SynchronousProgress<T> : IProgress<T>
{
    private readonly Action<T> _report;

    public SynchronousProgress(Action<T> report) => _report = report;

    public void Report(T value) => _report(value);
}
