using System.Globalization;
using RtcOnAws.Aws.CloudWatch.Model;
using RtcOnAws.Aws.Runtime;

namespace RtcOnAws.Aws.CloudWatch;

/// <summary>CloudWatch Query API client (API version 2010-08-01, signing name "monitoring"), SigV4-signed with AWSSDK.Core.</summary>
public sealed class AmazonCloudWatchClient : IAmazonCloudWatch
{
    private const string ApiVersion = "2010-08-01";
    private const int MaxMetricData = 1000;
    private const int MaxDimensions = 30;

    // CloudWatch rejects values outside ±2^360.
    private static readonly double MaxMagnitude = Math.Pow(2, 360);
    private readonly AwsHttpSender _sender;

    /// <summary>Creates a client with default options (region from the environment, default credential chain).</summary>
    public AmazonCloudWatchClient() : this(new AwsClientOptions())
    {
    }

    /// <summary>Creates a client.</summary>
    public AmazonCloudWatchClient(AwsClientOptions options)
    {
        _sender = new AwsHttpSender(AwsService.CloudWatch, options);
    }

    /// <inheritdoc />
    public async Task<PutMetricDataResponse> PutMetricDataAsync(PutMetricDataRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var query = new QueryRequestBuilder("PutMetricData", ApiVersion).Add("Namespace", request.Namespace);
        for (var i = 0; i < request.MetricData.Count; i++)
        {
            var datum = request.MetricData[i];
            var prefix = $"MetricData.member.{i + 1}.";
            query.Add(prefix + "MetricName", datum.MetricName);
            for (var d = 0; d < datum.Dimensions.Count; d++)
            {
                query.Add($"{prefix}Dimensions.member.{d + 1}.Name", datum.Dimensions[d].Name)
                    .Add($"{prefix}Dimensions.member.{d + 1}.Value", datum.Dimensions[d].Value);
            }

            query.Add(prefix + "Timestamp", datum.Timestamp?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
                .Add(prefix + "Value", datum.Value?.ToString("R", CultureInfo.InvariantCulture))
                .Add(prefix + "Unit", datum.Unit)
                .Add(prefix + "StorageResolution", datum.StorageResolution);
        }

        var (_, response) = await QueryProtocol.SendAsync<PutMetricDataResponse>(_sender, query, "PutMetricData", cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <inheritdoc />
    public void Dispose() => _sender.Dispose();

    private static void Validate(PutMetricDataRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Namespace) || request.Namespace.Length > 255)
            throw new ArgumentException("Namespace is required (1-255 characters).", nameof(request));
        if (request.Namespace.StartsWith("AWS/", StringComparison.Ordinal))
            throw new ArgumentException($"Namespace \"{request.Namespace}\" starts with \"AWS/\", which is reserved for AWS services.", nameof(request));
        if (request.MetricData is not { Count: > 0 and <= MaxMetricData })
            throw new ArgumentException($"MetricData must hold 1-{MaxMetricData} data points.", nameof(request));
        for (var i = 0; i < request.MetricData.Count; i++)
        {
            var datum = request.MetricData[i] ?? throw new ArgumentException($"MetricData[{i}] is null.", nameof(request));
            if (string.IsNullOrWhiteSpace(datum.MetricName) || datum.MetricName.Length > 255)
                throw new ArgumentException($"MetricData[{i}].MetricName is required (1-255 characters).", nameof(request));
            if (datum.Value is not { } value || !double.IsFinite(value) || Math.Abs(value) > MaxMagnitude)
                throw new ArgumentException($"MetricData[{i}].Value is {datum.Value?.ToString(CultureInfo.InvariantCulture) ?? "missing"}; a finite number within ±2^360 is required.", nameof(request));
            if (datum.Unit is not null && !StandardUnit.All.Contains(datum.Unit))
                throw new ArgumentException($"MetricData[{i}].Unit is \"{datum.Unit}\"; allowed: {string.Join(", ", StandardUnit.All)}.", nameof(request));
            if (datum.StorageResolution is not (null or 1 or 60))
                throw new ArgumentException($"MetricData[{i}].StorageResolution is {datum.StorageResolution}; allowed: 1 (high resolution) or 60.", nameof(request));
            if (datum.Dimensions.Count > MaxDimensions)
                throw new ArgumentException($"MetricData[{i}].Dimensions has {datum.Dimensions.Count} entries; at most {MaxDimensions} are allowed.", nameof(request));
            foreach (var dimension in datum.Dimensions)
            {
                if (string.IsNullOrWhiteSpace(dimension?.Name) || string.IsNullOrWhiteSpace(dimension.Value))
                    throw new ArgumentException($"MetricData[{i}].Dimensions: every dimension needs a non-blank Name and Value.", nameof(request));
            }
        }
    }
}
