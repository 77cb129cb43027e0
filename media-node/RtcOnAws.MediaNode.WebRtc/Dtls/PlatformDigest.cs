using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;

namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's digest interface over .NET's one-shot hash (OpenSSL underneath, with the CPU's SHA instructions), so
/// the handshake transcript hash, HMAC and the TLS PRF run on the platform's hash instead of BouncyCastle's managed
/// one. Only the interface is adapted; the hashing is the platform's. Input is buffered and hashed in one call at
/// <see cref="DoFinal(Span{byte})"/>: a DTLS handshake hashes a few kilobytes at most, and an
/// <see cref="IncrementalHash"/> per digest would leave a native context with a finalizer behind each of the dozens of
/// digests BouncyCastle creates and never disposes (measured: more CPU per handshake than BouncyCastle's own hash).
/// </summary>
internal sealed class PlatformDigest : IDigest
{
    private readonly HashAlgorithmName _algorithm;
    private readonly int _digestLength;
    private readonly int _blockLength;
    private byte[] _data;
    private int _length;

    public PlatformDigest(HashAlgorithmName algorithm, int digestLength, int blockLength)
        : this(algorithm, digestLength, blockLength, new byte[2 * blockLength], 0)
    {
    }

    private PlatformDigest(HashAlgorithmName algorithm, int digestLength, int blockLength, byte[] data, int length)
    {
        _algorithm = algorithm;
        _digestLength = digestLength;
        _blockLength = blockLength;
        _data = data;
        _length = length;
    }

    public string AlgorithmName => _algorithm.Name!;

    public int GetDigestSize() => _digestLength;

    public int GetByteLength() => _blockLength;

    /// <summary>A copy carrying the data hashed so far (BouncyCastle forks the transcript hash).</summary>
    public PlatformDigest Copy() => new(_algorithm, _digestLength, _blockLength, _data[..Math.Max(_length, 2 * _blockLength)], _length);

    public void Update(byte input)
    {
        EnsureRoom(1);
        _data[_length++] = input;
    }

    public void BlockUpdate(byte[] input, int inOff, int inLen) => BlockUpdate(input.AsSpan(inOff, inLen));

    public void BlockUpdate(ReadOnlySpan<byte> input)
    {
        EnsureRoom(input.Length);
        input.CopyTo(_data.AsSpan(_length));
        _length += input.Length;
    }

    public int DoFinal(byte[] output, int outOff) => DoFinal(output.AsSpan(outOff));

    public int DoFinal(Span<byte> output)
    {
        var written = CryptographicOperations.HashData(_algorithm, _data.AsSpan(0, _length), output);
        _length = 0;
        return written;
    }

    public void Reset() => _length = 0;

    private void EnsureRoom(int count)
    {
        if (_length + count > _data.Length)
        {
            Array.Resize(ref _data, Math.Max(2 * _data.Length, _length + count));
        }
    }
}
