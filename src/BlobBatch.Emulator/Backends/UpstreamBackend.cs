using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BlobBatch.Emulator.Configuration;
using BlobBatch.Emulator.Input;

namespace BlobBatch.Emulator.Backends;

/// <summary>Forwards each request body to an OpenAI-compatible server on this machine (a local model server).</summary>
public sealed class UpstreamBackend : IRequestBackend, IDisposable
{
    private readonly HttpClient _http;
    private readonly string _baseUrl;
    private readonly BackendOptions _options;

    public UpstreamBackend(EmulatorOptions options)
    {
        _options = options.Backend;
        if (!Uri.TryCreate(_options.UpstreamBaseUrl, UriKind.Absolute, out Uri? baseUri))
        {
            throw new InvalidOperationException("Backend:UpstreamBaseUrl must be an absolute URL when Backend:Kind is Upstream.");
        }

        // The emulator never talks to anything but this machine.
        if (!baseUri.IsLoopback)
        {
            throw new InvalidOperationException($"Backend:UpstreamBaseUrl must be a loopback address, not {baseUri.Host}.");
        }

        _baseUrl = baseUri.AbsoluteUri.TrimEnd('/');
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromMinutes(10) };
    }

    public async Task<BackendResult> ExecuteAsync(InputRequest request, CancellationToken cancellationToken)
    {
        var body = (JsonObject)request.Body.DeepClone();
        if (_options.UpstreamModel is not null)
        {
            body["model"] = _options.UpstreamModel;
        }

        using var message = new HttpRequestMessage(HttpMethod.Post, _baseUrl + EndpointPaths.Normalise(request.Url))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (!string.IsNullOrEmpty(_options.UpstreamApiKey))
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.UpstreamApiKey);
        }

        using HttpResponseMessage response = await _http.SendAsync(message, cancellationToken);
        string text = await response.Content.ReadAsStringAsync(cancellationToken);
        return new BackendResult((int)response.StatusCode, ParseOrWrap(text, response.StatusCode));
    }

    public void Dispose() => _http.Dispose();

    private static JsonNode ParseOrWrap(string text, HttpStatusCode status)
    {
        try
        {
            return JsonNode.Parse(text) ?? new JsonObject();
        }
        catch (JsonException)
        {
            return new JsonObject
            {
                ["error"] = new JsonObject { ["code"] = "upstream_invalid_response", ["message"] = $"The upstream answered {(int)status} with a body that is not JSON." },
            };
        }
    }
}
