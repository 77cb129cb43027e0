using System.Globalization;
using System.Net;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

/// <summary>The port regions of the test projects (linked into each of them) and the ports this project gets from its own.</summary>
public sealed class TestPortRegionsTests
{
    [Fact]
    public void Every_region_is_disjoint_from_the_others_and_lies_between_the_well_known_ports_and_the_ephemeral_range()
    {
        var ephemeralStart = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0], CultureInfo.InvariantCulture);
        var regions = TestPortRegions.ByProject.ToList();

        foreach (var (project, region) in regions)
        {
            Assert.True(region.Start >= 1024 && region.End <= ephemeralStart && region.Start % 2 == 0 && region.Size > 0,
                $"{project}: {region} must be even-aligned within 1024-{ephemeralStart}");
            var overlapping = regions.Where(other => other.Key != project && other.Value.Overlaps(region)).Select(other => other.Key);
            Assert.Empty(overlapping);
        }
    }

    [Fact]
    public void Ranges_come_from_this_projects_region_even_aligned_bindable_and_never_twice()
    {
        var region = TestPortRegions.Of(typeof(TestPortRegionsTests).Assembly);

        var ranges = Enumerable.Range(0, 50).Select(_ => FreePorts.MediaRange(7)).ToList();
        var single = FreePorts.UdpAndTcp(IPAddress.Loopback);

        Assert.All(ranges, range =>
        {
            Assert.Equal(0, range.Min % 2);
            Assert.Equal(6, range.Max - range.Min);
            Assert.InRange(range.Min, region.Start, region.End - 7);
            Assert.True(FreePorts.AllBindable(range.Min, range.Max));
        });
        var ports = ranges.SelectMany(range => Enumerable.Range(range.Min, 7)).Append(single).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.InRange(single, region.Start, region.End - 1);
    }
}
