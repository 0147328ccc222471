using System.Collections.Generic;
using System.Management.Automation;
using BlobBatch.Core.Workflows;

namespace BlobBatch.Infrastructure;

/// <summary>The objects Save-BatchResult emits per request: a BatchResult (with its answer's fields added), or one flat row of the joined table.</summary>
internal static class ResultObjects
{
    /// <summary>The BatchResult itself; with expanded answers, wrapped so its fields and their reason are properties too (it keeps its type and view).</summary>
    public static object WithAnswer(JoinedResult joined)
    {
        if (joined.Columns.AnswerErrorName is null)
        {
            return joined.Result;
        }

        var wrapped = PSObject.AsPSObject(joined.Result);
        for (int i = 0; i < joined.Columns.AnswerNames.Count; i++)
        {
            wrapped.Properties.Add(new PSNoteProperty(joined.Columns.AnswerNames[i], joined.Answer?.Values[i]));
        }

        wrapped.Properties.Add(new PSNoteProperty(joined.Columns.AnswerErrorName, joined.Answer?.Error));
        return wrapped;
    }

    /// <summary>The row's columns, the answer's fields, then the result's, as one flat object for Export-Csv.</summary>
    public static PSObject Joined(JoinedResult joined)
    {
        var row = new PSObject();
        IReadOnlyList<string> names = joined.Columns.AllNames;
        IReadOnlyList<object?> values = joined.Values();
        for (int i = 0; i < names.Count; i++)
        {
            row.Properties.Add(new PSNoteProperty(names[i], values[i]));
        }

        return row;
    }
}
