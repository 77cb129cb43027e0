using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using RtcOnAws.MediaNode.WebRtc.Dtls;

namespace RtcOnAws.MediaNode.WebRtc.Tests.Dtls;

public sealed class PlatformP256AgreementTests
{
    private readonly PlatformTlsCrypto _crypto = new(new SecureRandom());

    [Fact]
    public void AgreesWithBouncyCastlesOwnP256Ecdh()
    {
        var bouncyCastle = new BcTlsCrypto(new SecureRandom()).CreateECDomain(new TlsECConfig(NamedGroup.secp256r1)).CreateECDH();
        var platform = _crypto.CreateECDomain(new TlsECConfig(NamedGroup.secp256r1)).CreateECDH();
        Assert.IsType<PlatformP256Agreement>(platform);

        var platformPoint = platform.GenerateEphemeral();
        bouncyCastle.ReceivePeerValue(platformPoint);
        platform.ReceivePeerValue(bouncyCastle.GenerateEphemeral());
        var expected = bouncyCastle.CalculateSecret().Extract();
        var actual = platform.CalculateSecret().Extract();

        Assert.Equal(PlatformP256Agreement.PointLength, platformPoint.Length);
        Assert.Equal(0x04, platformPoint[0]);
        Assert.Equal(32, actual.Length);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void TwoPlatformAgreementsDeriveTheSameSecretAndFreshKeysEachTime()
    {
        var a = new PlatformP256Agreement(_crypto);
        var b = new PlatformP256Agreement(_crypto);
        var pointA = a.GenerateEphemeral();
        var pointB = b.GenerateEphemeral();
        a.ReceivePeerValue(pointB);
        b.ReceivePeerValue(pointA);

        Assert.Equal(a.CalculateSecret().Extract(), b.CalculateSecret().Extract());
        Assert.NotEqual(pointA, new PlatformP256Agreement(_crypto).GenerateEphemeral());
    }

    [Fact]
    public void APointOffTheCurveIsRefusedWithIllegalParameter()
    {
        var point = new PlatformP256Agreement(_crypto).GenerateEphemeral();
        point[^1] ^= 0x01;

        var alert = Assert.Throws<TlsFatalAlert>(() => new PlatformP256Agreement(_crypto).ReceivePeerValue(point));

        Assert.Equal(AlertDescription.illegal_parameter, alert.AlertDescription);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    [InlineData(64)]
    [InlineData(66)]
    public void AValueThatIsNotAnUncompressedPointIsRefusedWithIllegalParameter(int length)
    {
        var value = new byte[length];
        if (length > 0)
        {
            value[0] = length == 33 ? (byte)0x02 : (byte)0x04;
        }

        var alert = Assert.Throws<TlsFatalAlert>(() => new PlatformP256Agreement(_crypto).ReceivePeerValue(value));

        Assert.Equal(AlertDescription.illegal_parameter, alert.AlertDescription);
    }

    [Fact]
    public void AnUncompressedHeaderOnACompressedLengthOrAnotherPrefixIsRefused()
    {
        var point = new PlatformP256Agreement(_crypto).GenerateEphemeral();
        point[0] = 0x06;

        var alert = Assert.Throws<TlsFatalAlert>(() => new PlatformP256Agreement(_crypto).ReceivePeerValue(point));

        Assert.Equal(AlertDescription.illegal_parameter, alert.AlertDescription);
    }

    [Fact]
    public void OtherGroupsStayWithBouncyCastle()
    {
        var agreement = _crypto.CreateECDomain(new TlsECConfig(NamedGroup.x25519)).CreateECDH();

        Assert.IsNotType<PlatformP256Agreement>(agreement);
        Assert.Equal(32, agreement.GenerateEphemeral().Length);
    }
}
