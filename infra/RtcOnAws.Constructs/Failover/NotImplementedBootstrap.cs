using System.Security.Cryptography;
using System.Text;
using Amazon.CDK.AWS.Lambda;

namespace RtcOnAws.Constructs.Failover;

/// <summary>
/// A stand-in <c>bootstrap</c> for <c>provided.al2023</c>: a shell script on the Lambda Runtime API that answers
/// every invocation with a <c>NotImplemented</c> error. It lets the stack deploy before the real functions are
/// supplied, and fails loudly instead of silently doing nothing.
/// </summary>
public static class NotImplementedBootstrap
{
    private const string Script = """
        #!/bin/sh
        # Stand-in runtime: every invocation fails until the real function code is deployed.
        set -eu
        api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation"
        while true; do
          headers="$(mktemp)"
          curl -sS -D "$headers" -o /dev/null "$api/next"
          request_id="$(grep -i '^lambda-runtime-aws-request-id:' "$headers" | tr -d '\r' | cut -d' ' -f2)"
          rm -f "$headers"
          curl -sS -o /dev/null -X POST "$api/$request_id/error" \
            -H 'Lambda-Runtime-Function-Error-Type: NotImplemented' \
            -d '{"errorType":"NotImplemented","errorMessage":"RtcOnAws: this function is not implemented yet; deploy its real code"}'
        done

        """;

    /// <summary>
    /// The stand-in code as a Lambda asset. The script is written once to a content-addressed folder under the
    /// temp directory, so every synth yields the same asset hash.
    /// </summary>
    public static Code Code()
    {
        var bytes = Encoding.UTF8.GetBytes(Script.ReplaceLineEndings("\n"));
        var folder = Path.Combine(Path.GetTempPath(), $"rtconaws-not-implemented-{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}");
        var file = Path.Combine(folder, "bootstrap");
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(folder);
            var partial = file + $".{Environment.ProcessId}.tmp";
            File.WriteAllBytes(partial, bytes);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(partial, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }
            // Atomic rename: parallel synths never see a half-written script.
            File.Move(partial, file, overwrite: true);
        }
        return Amazon.CDK.AWS.Lambda.Code.FromAsset(folder);
    }
}
