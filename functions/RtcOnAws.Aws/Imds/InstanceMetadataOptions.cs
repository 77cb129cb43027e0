namespace RtcOnAws.Aws.Imds;

/// <summary>Configuration of <see cref="InstanceMetadataClient"/>.</summary>
public sealed class InstanceMetadataOptions
{
    /// <summary>IMDS base URL. Default: AWS_EC2_METADATA_SERVICE_ENDPOINT, else http://169.254.169.254/.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Lifetime requested for the IMDSv2 session token (1 s - 6 h). Default: 6 h.</summary>
    public TimeSpan TokenTtl { get; set; } = TimeSpan.FromHours(6);

    /// <summary>A token is renewed when less than this much of its lifetime is left. Default: 1 min (capped at half the TTL).</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Timeout of each IMDS request. Default: 2 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Transport. Default: a client-owned HttpClient.</summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>Clock for token expiry and request timeouts. Default: system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
