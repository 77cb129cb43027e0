using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace RtcOnAws.MediaNode.WebRtc.Srtp;

/// <summary>
/// AES in counter mode (RFC 3711 section 4.1.1) over .NET's AES-ECB: counter blocks <c>IV + i</c> are encrypted in one
/// call and XORed onto the data. The ECB transform is created once per session key and reused for every packet: the
/// one-shot <see cref="SymmetricAlgorithm.EncryptEcb(ReadOnlySpan{byte}, PaddingMode)"/> would set up a new native
/// cipher (and key schedule) per call. Counter blocks and keystream live in <see cref="SrtpScratch"/>, shared by every
/// cipher on the thread. Not thread-safe: the owning <see cref="SrtpContext"/> serialises calls.
/// </summary>
internal sealed class AesCounterMode : IDisposable
{
    public const int BlockSize = 16;

    /// <summary>RFC 3711 section 4.1.1: at most 2^16 blocks of keystream per packet.</summary>
    public const int MaxBlocks = 1 << 16;

    private readonly ICryptoTransform _ecb;

    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        // The transform holds its own native cipher context; the Aes object is only its factory.
        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        aes.Mode = CipherMode.ECB;
        aes.Padding = PaddingMode.None;
        _ecb = aes.CreateEncryptor();
    }

    /// <summary>XORs the keystream that starts at <paramref name="iv"/> (16 bytes, low 16 bits zero) onto <paramref name="data"/>.</summary>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        var keystream = FillKeystream(iv, data.Length);
        Xor(data, keystream);
    }

    /// <summary>Writes the first <paramref name="output"/>.Length bytes of keystream from <paramref name="iv"/> (test and PRF use).</summary>
    public void Keystream(ReadOnlySpan<byte> iv, Span<byte> output)
    {
        FillKeystream(iv, output.Length)[..output.Length].CopyTo(output);
    }

    public void Dispose() => _ecb.Dispose();

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

    /// <summary>The keystream from <paramref name="iv"/> in whole blocks covering <paramref name="length"/> bytes (thread scratch).</summary>
    private ReadOnlySpan<byte> FillKeystream(ReadOnlySpan<byte> iv, int length)
    {
        int blocks = (length + BlockSize - 1) / BlockSize;
        if (blocks > MaxBlocks)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "AES-CM allows at most 2^16 blocks per packet.");
        }

        int bytes = blocks * BlockSize;
        byte[] counters = SrtpScratch.First(bytes);
        byte[] keystream = SrtpScratch.Second(bytes);
        for (int block = 0; block < blocks; block++)
        {
            var counter = counters.AsSpan(block * BlockSize, BlockSize);
            iv.CopyTo(counter);
            counter[14] = (byte)(block >> 8);
            counter[15] = (byte)block;
        }

        _ecb.TransformBlock(counters, 0, bytes, keystream, 0);
        return keystream.AsSpan(0, bytes);
    }
}
