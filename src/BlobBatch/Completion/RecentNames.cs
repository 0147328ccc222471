using System;
using System.Collections.Generic;
using System.Linq;

namespace BlobBatch.Completion;

/// <summary>
/// Names this session has seen (deployments, batch ids, run ids, prices), newest first and bounded, for tab completion.
/// Process-wide like the default context.
/// </summary>
internal static class RecentNames
{
    private const int Limit = 200;
    private static readonly LinkedList<string> Deployments = new();
    private static readonly LinkedList<string> BatchIds = new();
    private static readonly LinkedList<string> RunIds = new();
    private static readonly LinkedList<string> Prices = new();

    public static void Deployment(string? name) => Remember(Deployments, name);

    public static void Batch(string? id) => Remember(BatchIds, id);

    public static void Run(string? runId) => Remember(RunIds, runId);

    /// <summary>A -Price as the hashtable literal that gives it back.</summary>
    public static void Price(string literal) => Remember(Prices, literal);

    public static IReadOnlyList<string> DeploymentsSeen() => Snapshot(Deployments);

    public static IReadOnlyList<string> BatchIdsSeen() => Snapshot(BatchIds);

    public static IReadOnlyList<string> RunIdsSeen() => Snapshot(RunIds);

    public static IReadOnlyList<string> PricesSeen() => Snapshot(Prices);

    private static void Remember(LinkedList<string> list, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        lock (list)
        {
            list.Remove(value!);
            list.AddFirst(value!);
            while (list.Count > Limit)
            {
                list.RemoveLast();
            }
        }
    }

    private static IReadOnlyList<string> Snapshot(LinkedList<string> list)
    {
        lock (list)
        {
            return list.ToList();
        }
    }
}
