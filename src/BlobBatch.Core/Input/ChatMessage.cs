namespace BlobBatch.Core.Input;

/// <summary>One message of a request: system, user, assistant or developer text.</summary>
public sealed class ChatMessage
{
    public ChatMessage(string role, string content)
    {
        Role = role;
        Content = content;
    }

    public string Role { get; }

    public string Content { get; }
}
