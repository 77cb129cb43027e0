using System.Net;
using RtcOnAws.Aws.Runtime;
using Xunit;

namespace RtcOnAws.Aws.Tests;

/// <summary>Error bodies the simulator never sends but AWS (or a proxy in front of it) can.</summary>
public sealed class AwsErrorParserTests
{
    [Fact]
    public void Route53_error_named_root_yields_its_name_and_messages()
    {
        const string body = """<?xml version="1.0"?><InvalidChangeBatch xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Messages><Message>Tried to create resource record set [name='a.example.com.', type='A'] but it already exists</Message></Messages><RequestId>b25f48e8-84fd-11e6-80d9-574e0c4664cb</RequestId></InvalidChangeBatch>""";

        var error = AwsErrorParser.Parse("route53", HttpStatusCode.BadRequest, body, null);

        Assert.Equal(("InvalidChangeBatch", "b25f48e8-84fd-11e6-80d9-574e0c4664cb"), (error.ErrorCode, error.RequestId));
        Assert.Contains("already exists", error.ErrorMessage);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public void A_non_xml_gateway_error_falls_back_to_the_status_and_header_request_id()
    {
        var error = AwsErrorParser.Parse("ec2", HttpStatusCode.BadGateway, "<html>Bad Gateway</html", "req-123");

        Assert.Equal(("ServiceUnavailable", "req-123", HttpStatusCode.BadGateway), (error.ErrorCode, error.RequestId, error.StatusCode));
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public void An_empty_429_is_treated_as_throttling()
    {
        var error = AwsErrorParser.Parse("autoscaling", HttpStatusCode.TooManyRequests, "", null);

        Assert.Equal(AwsErrorCodes.Throttling, error.ErrorCode);
        Assert.True(error.IsRetryable);
    }
}
