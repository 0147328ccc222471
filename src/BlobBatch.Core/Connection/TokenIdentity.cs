using System;
using System.Text;
using System.Text.Json;

namespace BlobBatch.Core.Connection;

/// <summary>
/// Who a Microsoft Entra access token was issued to, in words: the user's sign-in name, a managed
/// identity's name, or an app. Read from the token's claims only to tell the user; never trusted.
/// </summary>
internal static class TokenIdentity
{
    public static string? Describe(string accessToken)
    {
        string[] parts = accessToken.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            using JsonDocument claims = JsonDocument.Parse(Base64UrlDecode(parts[1]));
            JsonElement root = claims.RootElement;
            return Claim(root, "upn") ?? Claim(root, "preferred_username") ?? Claim(root, "unique_name")
                ?? ManagedIdentity(Claim(root, "xms_mirid"))
                ?? App(Claim(root, "app_displayname") ?? Claim(root, "appid") ?? Claim(root, "azp"));
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    // The identity's resource id ends in its name: .../userAssignedIdentities/<name> or the resource that owns a system one.
    private static string? ManagedIdentity(string? resourceId) =>
        resourceId is null ? null : "managed identity " + resourceId.Substring(resourceId.LastIndexOf('/') + 1);

    private static string? App(string? name) => name is null ? null : "app " + name;

    private static string? Claim(JsonElement claims, string name) =>
        claims.ValueKind == JsonValueKind.Object && claims.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static byte[] Base64UrlDecode(string text)
    {
        string padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }
}
