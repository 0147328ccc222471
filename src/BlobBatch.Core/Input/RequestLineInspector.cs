using System;

namespace BlobBatch.Core.Input;

/// <summary>
/// Applies the service's line rules to one line at a time, remembering what the file's lines must
/// share (url, deployment) and which ids were used. Reports the first offence with its line.
/// </summary>
public sealed class RequestLineInspector : IDisposable
{
    private readonly string _source;
    private readonly string? _expectedDeployment;
    private readonly TokenCounter _tokens;
    private readonly CustomIds _ids;
    private string? _url;

    public RequestLineInspector(string source, string? expectedDeployment, TokenCounter tokens)
    {
        _source = source;
        _expectedDeployment = expectedDeployment;
        _tokens = tokens;
        _ids = new CustomIds(line => $"{source} line {line}");
    }

    /// <summary>After the last line: the id checks that need every line (repeats far apart).</summary>
    public void Finish() => _ids.Finish();

    public void Dispose() => _ids.Dispose();

    public string? Deployment { get; private set; }

    public EndpointKind Endpoint { get; private set; }

    /// <summary>Checks one non-blank line and returns its estimated input tokens.</summary>
    public long Inspect(ArraySegment<byte> line, long lineNumber)
    {
        RequestLineFacts facts = RequestLineReader.Read(line, Where(lineNumber), _tokens);
        Accept(facts, lineNumber);
        return facts.Tokens;
    }

    /// <summary>The checks that depend on the lines before: a repeated id, a url or model that differs from the first line's.</summary>
    public void Accept(RequestLineFacts facts, long lineNumber)
    {
        _ids.Add(facts.CustomId, lineNumber);
        CheckUrl(facts.Url, lineNumber);
        CheckModel(facts.Model, lineNumber);
    }

    public string Where(long lineNumber) => $"{_source} line {lineNumber}";

    private void CheckUrl(string url, long lineNumber)
    {
        if (!EndpointUrls.TryParse(url, out EndpointKind kind))
        {
            throw InputErrors.Line("InvalidRequestLine", "invalid_request", Where(lineNumber), $"url '{url}' is not /chat/completions, /responses or /embeddings");
        }

        string normalized = EndpointUrls.Normalize(url);
        if (_url is null)
        {
            _url = normalized;
            Endpoint = kind;
        }
        else if (_url != normalized)
        {
            throw InputErrors.Line("UrlMismatch", "url_mismatch", Where(lineNumber), $"url '{url}' differs from the first line's '{_url}'");
        }
    }

    private void CheckModel(string model, long lineNumber)
    {
        if (Deployment is null)
        {
            // Every later line must name the same one, so the first line's is the one to check.
            BatchInputWriter.RequireDeploymentName(model, Where(lineNumber));
            if (_expectedDeployment is not null && !string.Equals(model, _expectedDeployment, StringComparison.Ordinal))
            {
                throw InputErrors.Line("ModelMismatch", "model_mismatch", Where(lineNumber), $"model '{model}' is not the deployment '{_expectedDeployment}' that was asked for");
            }

            Deployment = model;
        }
        else if (!string.Equals(Deployment, model, StringComparison.Ordinal))
        {
            throw InputErrors.Line("ModelMismatch", "model_mismatch", Where(lineNumber), $"model '{model}' differs from the first line's '{Deployment}'");
        }
    }
}
