using System.Text.Json.Serialization;

namespace RtcOnAws.Lambda.Runtime;

/// <summary>The error document the Runtime API accepts on <c>/invocation/{id}/error</c> and <c>/init/error</c>.</summary>
public sealed record LambdaError(
    [property: JsonPropertyName("errorType")] string ErrorType,
    [property: JsonPropertyName("errorMessage")] string ErrorMessage,
    [property: JsonPropertyName("stackTrace")] IReadOnlyList<string> StackTrace)
{
    /// <summary>Builds the document from an exception: the type name is the error type, as Lambda's own runtimes do.</summary>
    public static LambdaError From(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var trace = exception.StackTrace?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        return new LambdaError(exception.GetType().Name, exception.Message, trace);
    }
}
