using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace RtcOnAws.MediaNode.WebRtc.Srtp;

/// <summary>
/// AES in counter mode (RFC 3711 section 4.1.1) over .NET's AES-ECB: counter blocks <c>IV + i</c> are encrypted in one
/// call and XORed onto the data. The ECB transform is created once per session key and reused for every packet: the
/// one-shot <see cref="SymmetricAlgorithm.EncryptEcb(ReadOnlySpan{byte}, PaddingMode)"/> would set up a new native
/// cipher (and key schedule) per call. Not thread-safe: the owning <see cref="SrtpContext"/> serialises calls.
/// </summary>
internal sealed class AesCounterMode : IDisposable
{
    public const int BlockSize = 16;

    /// <summary>RFC 3711 section 4.1.1: at most 2^16 blocks of keystream per packet.</summary>
    public const int MaxBlocks = 1 << 16;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private byte[] _counters = new byte[2048 + BlockSize];
    private byte[] _keystream = new byte[2048 + BlockSize];

    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>XORs the keystream that starts at <paramref name="iv"/> (16 bytes, low 16 bits zero) onto <paramref name="data"/>.</summary>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        int bytes = FillKeystream(iv, data.Length);
        Xor(data, _keystream.AsSpan(0, bytes));
    }

    /// <summary>Writes the first <paramref name="output"/>.Length bytes of keystream from <paramref name="iv"/> (test and PRF use).</summary>
    public void Keystream(ReadOnlySpan<byte> iv, Span<byte> output)
    {
        FillKeystream(iv, output.Length);
        _keystream.AsSpan(0, output.Length).CopyTo(output);
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
    }

    private static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var dataVectors = MemoryMarshal.Cast<byte, Vector<byte>>(data);
            var keyVectors = MemoryMarshal.Cast<byte, Vector<byte>>(keystream);
            for (int v = 0; v < dataVectors.Length; v++)
            {
                dataVectors[v] ^= keyVectors[v];
            }

            i = dataVectors.Length * Vector<byte>.Count;
        }

        for (; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }
    }

    /// <summary>Fills <see cref="_keystream"/> with whole blocks covering <paramref name="length"/> bytes; returns the bytes filled.</summary>
    private int FillKeystream(ReadOnlySpan<byte> iv, int length)
    {
        int blocks = (length + BlockSize - 1) / BlockSize;
        if (blocks > MaxBlocks)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "AES-CM allows at most 2^16 blocks per packet.");
        }

        int bytes = blocks * BlockSize;
        if (bytes > _counters.Length)
        {
            // Only a datagram larger than any seen before gets here: grow once, then reuse.
            _counters = new byte[bytes];
            _keystream = new byte[bytes];
        }

        for (int block = 0; block < blocks; block++)
        {
            var counter = _counters.AsSpan(block * BlockSize, BlockSize);
            iv.CopyTo(counter);
            counter[14] = (byte)(block >> 8);
            counter[15] = (byte)block;
        }

        _ecb.TransformBlock(_counters, 0, bytes, _keystream, 0);
        return bytes;
    }
}
