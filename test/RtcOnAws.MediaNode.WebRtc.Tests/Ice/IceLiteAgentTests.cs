using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using RtcOnAws.MediaNode.WebRtc.Ice;
using RtcOnAws.MediaNode.WebRtc.Stun;

namespace RtcOnAws.MediaNode.WebRtc.Tests.Ice;

public sealed class IceLiteAgentTests
{
    private static readonly IPEndPoint Browser = new(IPAddress.Parse("198.51.100.7"), 50000);
    private static readonly IPEndPoint Stranger = new(IPAddress.Parse("203.0.113.66"), 40000);

    private readonly FakeTimeProvider _time = new();
    private readonly IceCredentials _local = new("lOcAl", "local-password-0123456789");
    private readonly IceLiteAgent _agent;

    public IceLiteAgentTests()
    {
        _agent = new IceLiteAgent(_time, _local);
        _agent.SetRemoteUsernameFragment("ReMoTe");
    }

    [Fact]
    public void ValidRequestIsAnsweredWithIntegrityFingerprintAndTheSourceAddress()
    {
        var request = Request("lOcAl:ReMoTe", _local.PasswordBytes, useCandidate: false);
        var response = new byte[256];

        var outcome = _agent.HandleStun(request, Browser, response, out var length);

        Assert.Equal(IceCheckOutcome.Answered, outcome);
        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(response.AsSpan(0, length), out var parsed));
        Assert.Equal(StunConstants.BindingSuccessResponse, parsed.Type);
        Assert.True(parsed.HasFingerprint);
        Assert.True(StunIntegrity.Verify(parsed, _local.PasswordBytes));
        Assert.True(parsed.TransactionId.SequenceEqual(request.AsSpan(8, 12)));
        Assert.Equal(Browser, _agent.SelectedRemote);
        Assert.Equal(Browser, _agent.ValidatedRemote);
        Assert.True(_agent.HasConsent);
    }

    [Fact]
    public void OnlyUseCandidateMovesMediaAwayFromTheFirstValidatedPair()
    {
        var other = new IPEndPoint(IPAddress.Parse("198.51.100.7"), 50002);
        Handle(Request("lOcAl:ReMoTe", _local.PasswordBytes, false), Browser);
        Handle(Request("lOcAl:ReMoTe", _local.PasswordBytes, false), other);
        Assert.Equal(Browser, _agent.SelectedRemote);

        Assert.Equal(IceCheckOutcome.Nominated, Handle(Request("lOcAl:ReMoTe", _local.PasswordBytes, true), other));
        Assert.Equal(other, _agent.SelectedRemote);
    }

    [Fact]
    public void UseCandidateNominatesTheSource()
    {
        Assert.Equal(IceCheckOutcome.Nominated, Handle(Request("lOcAl:ReMoTe", _local.PasswordBytes, true), Browser));
        Assert.Equal(Browser, _agent.SelectedRemote);
        Assert.Equal(1, _agent.Statistics.Nominations);
    }

    [Fact]
    public void WrongPasswordCannotNominateOrRefreshConsent()
    {
        Handle(Request("lOcAl:ReMoTe", _local.PasswordBytes, true), Browser);

        var forged = Request("lOcAl:ReMoTe", "guessed-password-xxxxxxx"u8.ToArray(), true);
        Assert.Equal(IceCheckOutcome.DroppedBadIntegrity, Handle(forged, Stranger));

        Assert.Equal(Browser, _agent.SelectedRemote);
        Assert.Equal(1, _agent.Statistics.DroppedBadIntegrity);
    }

    [Fact]
    public void RequestWithoutIntegrityIsDropped()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunConstants.BindingRequest, new byte[12]);
        writer.AddUsername("lOcAl:ReMoTe"u8);
        writer.AddUseCandidate();
        writer.AddFingerprint();

        Assert.Equal(IceCheckOutcome.DroppedBadIntegrity, Handle(buffer.AsSpan(0, writer.Length).ToArray(), Stranger));
        Assert.Null(_agent.SelectedRemote);
    }

    [Theory]
    [InlineData("other:ReMoTe")]
    [InlineData("lOcAl:other")]
    [InlineData("lOcAl")]
    [InlineData("")]
    public void ForeignUsernameIsDropped(string username)
    {
        Assert.Equal(IceCheckOutcome.DroppedUnknownUsername, Handle(Request(username, _local.PasswordBytes, true), Stranger));
        Assert.Null(_agent.SelectedRemote);
        Assert.Equal(1, _agent.Statistics.DroppedUnknownUsername);
    }

    [Fact]
    public void GarbageIsCountedAndNeverThrows()
    {
        var random = new Random(8445);
        var packet = new byte[120];
        for (var i = 0; i < 5_000; i++)
        {
            random.NextBytes(packet);
            packet[0] = (byte)(i & 3);
            Assert.NotEqual(IceCheckOutcome.Nominated, Handle(packet, Stranger));
        }

        Assert.Null(_agent.SelectedRemote);
        Assert.Equal(5_000, _agent.Statistics.DroppedMalformed + _agent.Statistics.DroppedUnknownUsername);
    }

    [Fact]
    public void ConsentExpiresThirtySecondsAfterTheLastValidCheck()
    {
        Assert.False(_agent.HasConsent);
        Handle(Request("lOcAl:ReMoTe", _local.PasswordBytes, true), Browser);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.True(_agent.HasConsent);
        Handle(Request("lOcAl:ReMoTe", "bad-password-bad-password"u8.ToArray(), false), Browser);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(_agent.HasConsent);

        Handle(Request("lOcAl:ReMoTe", _local.PasswordBytes, false), Browser);
        Assert.True(_agent.HasConsent);
    }

    [Fact]
    public void RestartRejectsOldCredentialsAndKeepsTheSelectedPairUntilRenominated()
    {
        Handle(Request("lOcAl:ReMoTe", _local.PasswordBytes, true), Browser);
        var renewed = IceCredentials.Generate();
        _agent.Restart(renewed, "NeWrEmOtE");

        Assert.Equal(IceCheckOutcome.DroppedUnknownUsername, Handle(Request("lOcAl:ReMoTe", _local.PasswordBytes, true), Stranger));
        Assert.Equal(Browser, _agent.SelectedRemote);

        var moved = new IPEndPoint(IPAddress.Parse("198.51.100.7"), 50002);
        var username = renewed.UsernameFragment + ":NeWrEmOtE";
        Assert.Equal(IceCheckOutcome.Nominated, Handle(Request(username, renewed.PasswordBytes, true), moved));
        Assert.Equal(moved, _agent.SelectedRemote);
    }

    [Fact]
    public void GeneratedCredentialsAreRandomAndLongEnough()
    {
        var first = IceCredentials.Generate();
        var second = IceCredentials.Generate();

        Assert.True(first.UsernameFragment.Length >= 4);
        Assert.True(first.Password.Length >= 22);
        Assert.NotEqual(first.Password, second.Password);
        Assert.Matches("^[A-Za-z0-9+/]+$", first.Password);
    }

    private IceCheckOutcome Handle(byte[] packet, IPEndPoint source) =>
        _agent.HandleStun(packet, source, new byte[256], out _);

    private static byte[] Request(string username, byte[] key, bool useCandidate)
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunConstants.BindingRequest, Guid.NewGuid().ToByteArray().AsSpan(0, 12));
        writer.AddUsername(Encoding.ASCII.GetBytes(username));
        writer.AddPriority(0x6e0001ff);
        writer.AddIceControlling(42);
        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();
        return buffer.AsSpan(0, writer.Length).ToArray();
    }
}
