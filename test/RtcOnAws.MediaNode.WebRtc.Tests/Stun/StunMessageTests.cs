using System.Net;
using System.Text;
using RtcOnAws.MediaNode.WebRtc.Stun;

namespace RtcOnAws.MediaNode.WebRtc.Tests.Stun;

public sealed class StunMessageTests
{
    private static readonly byte[] Key = Encoding.ASCII.GetBytes(Rfc5769Vectors.Password);

    [Fact]
    public void Rfc5769SampleRequestParsesWithValidFingerprintAndIntegrity()
    {
        var packet = Rfc5769Vectors.SampleRequest();

        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(packet, out var message));
        Assert.Equal(StunConstants.BindingRequest, message.Type);
        Assert.Equal("evtj:h6vY", Encoding.ASCII.GetString(message.Username));
        Assert.Equal(0x6e0001ffu, message.Priority);
        Assert.True(message.HasFingerprint);
        Assert.True(StunIntegrity.Verify(message, Key));
        Assert.False(StunIntegrity.Verify(message, Encoding.ASCII.GetBytes("wrong-password-wrong!!")));
    }

    [Fact]
    public void AnyFlippedBitBeforeTheFingerprintIsRejected()
    {
        var original = Rfc5769Vectors.SampleRequest();
        for (var i = 8; i < original.Length - 8; i++)
        {
            var packet = (byte[])original.Clone();
            packet[i] ^= 0x01;
            var result = StunMessage.TryParse(packet, out _);
            Assert.NotEqual(StunParseResult.Ok, result);
        }
    }

    [Fact]
    public void TruncatedAndOverlongMessagesAreRejected()
    {
        var packet = Rfc5769Vectors.SampleRequest();

        Assert.Equal(StunParseResult.TooShort, StunMessage.TryParse(packet.AsSpan(0, 19), out _));
        Assert.Equal(StunParseResult.LengthMismatch, StunMessage.TryParse(packet.AsSpan(0, packet.Length - 4), out _));
        Assert.Equal(StunParseResult.NotStun, StunMessage.TryParse(new byte[20], out _));
    }

    [Fact]
    public void RandomDatagramsNeverThrow()
    {
        var random = new Random(5389);
        var buffer = new byte[200];
        for (var i = 0; i < 20_000; i++)
        {
            var length = random.Next(0, buffer.Length);
            random.NextBytes(buffer.AsSpan(0, length));
            if (length >= 8)
            {
                // Keep the cookie and a plausible length so the attribute walker, not the header check, is exercised.
                buffer[0] = 0;
                buffer[1] = 1;
                buffer[2] = 0;
                buffer[3] = (byte)((length - 20) & 0xFC);
                buffer[4] = 0x21;
                buffer[5] = 0x12;
                buffer[6] = 0xa4;
                buffer[7] = 0x42;
            }

            if (StunMessage.TryParse(buffer.AsSpan(0, length), out var message) == StunParseResult.Ok)
            {
                StunIntegrity.Verify(message, Key);
            }
        }
    }

    [Fact]
    public void WrittenRequestRoundTripsThroughTheParser()
    {
        var buffer = new byte[256];
        var transaction = Convert.FromHexString("0102030405060708090a0b0c");
        var writer = new StunMessageWriter(buffer, StunConstants.BindingRequest, transaction);
        writer.AddUsername("abcd:efgh"u8);
        writer.AddPriority(1234);
        writer.AddUseCandidate();
        writer.AddMessageIntegrity(Key);
        writer.AddFingerprint();

        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(buffer.AsSpan(0, writer.Length), out var message));
        Assert.True(message.UseCandidate);
        Assert.Equal(1234u, message.Priority);
        Assert.Equal("abcd:efgh", Encoding.ASCII.GetString(message.Username));
        Assert.True(message.TransactionId.SequenceEqual(transaction));
        Assert.True(StunIntegrity.Verify(message, Key));
    }

    [Fact]
    public void XorMappedAddressMatchesRfc5769()
    {
        // RFC 5769 2.2: 192.0.2.1 port 32853 with transaction id b7e7a701bc34d686fa87dfae.
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunConstants.BindingSuccessResponse,
            Convert.FromHexString("b7e7a701bc34d686fa87dfae"));
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853));

        Assert.Equal("0020000800 01a147e112a643".Replace(" ", "", StringComparison.Ordinal),
            Convert.ToHexStringLower(buffer.AsSpan(20, 12)));
    }
}
