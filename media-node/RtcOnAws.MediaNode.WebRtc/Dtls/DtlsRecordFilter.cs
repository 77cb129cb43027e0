using System.Buffers.Binary;

namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>
/// Cheap framing check before a datagram reaches the handshake: every record in it must have a DTLS content type,
/// a DTLS version and a length that fits. What fails is garbage that only costs a queue slot, so it is dropped
/// and counted here; records of another association that pass framing fail BouncyCastle's epoch/MAC checks.
/// </summary>
public static class DtlsRecordFilter
{
    private const int RecordHeaderLength = 13;

    public static bool IsWellFramed(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < RecordHeaderLength)
        {
            return false;
        }

        while (!datagram.IsEmpty)
        {
            if (datagram.Length < RecordHeaderLength)
            {
                return false;
            }

            // change_cipher_spec 20, alert 21, handshake 22, application_data 23.
            var contentType = datagram[0];
            var version = BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(1, 2));
            int length = BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(11, 2));
            if (contentType is < 20 or > 23 || (version != 0xFEFD && version != 0xFEFF)
                || length > datagram.Length - RecordHeaderLength)
            {
                return false;
            }

            datagram = datagram[(RecordHeaderLength + length)..];
        }

        return true;
    }
}
