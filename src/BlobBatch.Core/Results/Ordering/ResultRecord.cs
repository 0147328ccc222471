using System;
using System.IO;

namespace BlobBatch.Core.Results.Ordering;

/// <summary>A <see cref="BatchResult"/> as a binary record: a mask of the fields that are set, then each of them in a fixed order.</summary>
internal static class ResultRecord
{
    [Flags]
    private enum Fields : ushort
    {
        None = 0,
        StatusCode = 1 << 0,
        Content = 1 << 1,
        FinishReason = 1 << 2,
        PromptTokens = 1 << 3,
        CompletionTokens = 1 << 4,
        CachedPromptTokens = 1 << 5,
        ReasoningTokens = 1 << 6,
        Model = 1 << 7,
        Cost = 1 << 8,
        ErrorCode = 1 << 9,
        ErrorMessage = 1 << 10,
        RequestId = 1 << 11,
        BatchId = 1 << 12,
    }

    /// <param name="repeated">The spill's table for the model, the finish reason and the batch id.</param>
    public static void Write(BinaryWriter writer, BatchResult result, RepeatedText repeated)
    {
        writer.Write((ushort)FieldsOf(result));
        writer.Write(result.CustomId);
        writer.Write(result.Succeeded);
        Write(writer, result.StatusCode);
        Write(writer, result.Content);
        Write(writer, result.FinishReason, repeated);
        Write(writer, result.PromptTokens);
        Write(writer, result.CompletionTokens);
        Write(writer, result.CachedPromptTokens);
        Write(writer, result.ReasoningTokens);
        Write(writer, result.Model, repeated);
        if (result.Cost is decimal cost)
        {
            writer.Write(cost);
        }

        Write(writer, result.ErrorCode);
        Write(writer, result.ErrorMessage);
        Write(writer, result.RequestId);
        Write(writer, result.BatchId, repeated);
    }

    public static BatchResult Read(BinaryReader reader, RepeatedText repeated)
    {
        var fields = (Fields)reader.ReadUInt16();
        return new BatchResult
        {
            CustomId = reader.ReadString(),
            Succeeded = reader.ReadBoolean(),
            StatusCode = Int(reader, fields, Fields.StatusCode),
            Content = Text(reader, fields, Fields.Content),
            FinishReason = Text(reader, fields, Fields.FinishReason, repeated),
            PromptTokens = Int(reader, fields, Fields.PromptTokens),
            CompletionTokens = Int(reader, fields, Fields.CompletionTokens),
            CachedPromptTokens = Int(reader, fields, Fields.CachedPromptTokens),
            ReasoningTokens = Int(reader, fields, Fields.ReasoningTokens),
            Model = Text(reader, fields, Fields.Model, repeated),
            Cost = (fields & Fields.Cost) != 0 ? reader.ReadDecimal() : null,
            ErrorCode = Text(reader, fields, Fields.ErrorCode),
            ErrorMessage = Text(reader, fields, Fields.ErrorMessage),
            RequestId = Text(reader, fields, Fields.RequestId),
            BatchId = Text(reader, fields, Fields.BatchId, repeated),
        };
    }

    private static Fields FieldsOf(BatchResult result) =>
        (result.StatusCode is null ? Fields.None : Fields.StatusCode)
        | (result.Content is null ? Fields.None : Fields.Content)
        | (result.FinishReason is null ? Fields.None : Fields.FinishReason)
        | (result.PromptTokens is null ? Fields.None : Fields.PromptTokens)
        | (result.CompletionTokens is null ? Fields.None : Fields.CompletionTokens)
        | (result.CachedPromptTokens is null ? Fields.None : Fields.CachedPromptTokens)
        | (result.ReasoningTokens is null ? Fields.None : Fields.ReasoningTokens)
        | (result.Model is null ? Fields.None : Fields.Model)
        | (result.Cost is null ? Fields.None : Fields.Cost)
        | (result.ErrorCode is null ? Fields.None : Fields.ErrorCode)
        | (result.ErrorMessage is null ? Fields.None : Fields.ErrorMessage)
        | (result.RequestId is null ? Fields.None : Fields.RequestId)
        | (result.BatchId is null ? Fields.None : Fields.BatchId);

    private static void Write(BinaryWriter writer, string? value)
    {
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static void Write(BinaryWriter writer, string? value, RepeatedText repeated)
    {
        if (value is not null)
        {
            repeated.Write(writer, value);
        }
    }

    private static void Write(BinaryWriter writer, int? value)
    {
        if (value is int number)
        {
            writer.Write(number);
        }
    }

    private static string? Text(BinaryReader reader, Fields fields, Fields field) => (fields & field) != 0 ? reader.ReadString() : null;

    private static string? Text(BinaryReader reader, Fields fields, Fields field, RepeatedText repeated) => (fields & field) != 0 ? repeated.Read(reader) : null;

    private static int? Int(BinaryReader reader, Fields fields, Fields field) => (fields & field) != 0 ? reader.ReadInt32() : null;
}
