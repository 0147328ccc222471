using System;
using System.Linq;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Jobs;

namespace BlobBatch.Core.Workflows;

/// <summary>
/// Tells a target that cannot run the run's batches (a deployment that does not exist, a Standard SKU,
/// a resource without access to the storage, a credential it refuses) from a part or a moment that
/// went wrong: the first sets the target aside, the second is the part's or the quota's business.
/// </summary>
internal static class TargetRefusals
{
    // Codes a batch fails validation with when the deployment or resource, not the input, is wrong.
    private static readonly string[] TargetCodes = { "model_not_found", "input_no_permissions", "DeploymentNotFound" };

    /// <summary>Why a batch that left validation says its target cannot run batches; null when it does not.</summary>
    public static string? FromValidation(BlobBatchJob job)
    {
        if (job.Status != BatchStatus.Failed)
        {
            return null;
        }

        BatchError? error = job.Errors.FirstOrDefault(e => TargetCodes.Contains(e.Code, StringComparer.OrdinalIgnoreCase) || IsNotABatchDeployment(e));
        return error is null ? null : $"its batch {job.Id} failed validation: {error.Code}: {MessageText.FirstLine(error.Message)}";
    }

    /// <summary>Why a refused create (or the first list) says the target cannot take batches; null for quota, a lost answer, or a part's own problem.</summary>
    public static string? FromRefusal(BlobBatchException ex) =>
        ex.ErrorId is "TokenLimitExceeded" or "PartExceedsQuota" || ex.Data[BatchServiceClient.OutcomeUnknown] is true
            ? null
            : $"{ex.ErrorId}: {MessageText.FirstLine(ex.Message)}";

    // The service's code for a deployment of a SKU that runs no batches (Standard) is the generic
    // invalid_request; it names the model field or the SKU, which a bad input line does not.
    private static bool IsNotABatchDeployment(BatchError error) =>
        string.Equals(error.Code, "invalid_request", StringComparison.OrdinalIgnoreCase)
        && (string.Equals(error.Param, "body.model", StringComparison.Ordinal) || error.Message.IndexOf("SKU", StringComparison.OrdinalIgnoreCase) >= 0);
}
