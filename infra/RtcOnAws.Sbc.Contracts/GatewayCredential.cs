namespace RtcOnAws.Sbc.Contracts;

/// <summary>A browser's time-limited SIP credentials at the WebRTC gateway, as <see cref="GatewayCredentials.Issue"/> makes them.</summary>
/// <param name="Username">The digest username, <c>&lt;expiry unix time&gt;:&lt;user&gt;</c>.</param>
/// <param name="Password">The digest password, base64 of the HMAC-SHA-256 of <paramref name="Username"/> keyed with the shared secret.</param>
public sealed record GatewayCredential(string Username, string Password);
