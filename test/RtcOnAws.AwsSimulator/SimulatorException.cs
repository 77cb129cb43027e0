using System.Net;

namespace RtcOnAws.AwsSimulator;

/// <summary>An AWS error the simulator answers with (code, message, HTTP status) in the service's wire format.</summary>
internal sealed class SimulatorException(string code, string message, HttpStatusCode status = HttpStatusCode.BadRequest) : Exception(message)
{
    public string Code { get; } = code;

    public HttpStatusCode Status { get; } = status;
}
