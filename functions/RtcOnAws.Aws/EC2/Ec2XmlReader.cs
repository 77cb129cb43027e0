using System.Xml.Linq;
using RtcOnAws.Aws.EC2.Model;
using RtcOnAws.Aws.Runtime;

namespace RtcOnAws.Aws.EC2;

/// <summary>Maps EC2 response XML (element names from botocore's ec2 2016-11-15 locationName) to model objects.</summary>
internal static class Ec2XmlReader
{
    public static Address Address(XElement item) => new()
    {
        AllocationId = item.Text("allocationId"),
        AssociationId = item.Text("associationId"),
        Domain = item.Text("domain"),
        InstanceId = item.Text("instanceId"),
        NetworkInterfaceId = item.Text("networkInterfaceId"),
        NetworkInterfaceOwnerId = item.Text("networkInterfaceOwnerId"),
        PrivateIpAddress = item.Text("privateIpAddress"),
        PublicIp = item.Text("publicIp"),
        Tags = Tags(item),
    };

    public static NetworkInterface NetworkInterface(XElement item) => new()
    {
        NetworkInterfaceId = item.Text("networkInterfaceId"),
        AvailabilityZone = item.Text("availabilityZone"),
        Description = item.Text("description"),
        MacAddress = item.Text("macAddress"),
        OwnerId = item.Text("ownerId"),
        PrivateIpAddress = item.Text("privateIpAddress"),
        PrivateIpAddresses = item.Items("privateIpAddressesSet").Select(ip => new NetworkInterfacePrivateIpAddress
        {
            PrivateIpAddress = ip.Text("privateIpAddress"),
            Primary = ip.Bool("primary"),
            Association = NetworkInterfaceAssociation(ip.Child("association")),
        }).ToList(),
        Association = NetworkInterfaceAssociation(item.Child("association")),
        Attachment = item.Child("attachment") is { } attachment
            ? new NetworkInterfaceAttachment
            {
                AttachmentId = attachment.Text("attachmentId"),
                DeviceIndex = attachment.Int("deviceIndex"),
                InstanceId = attachment.Text("instanceId"),
                Status = attachment.Text("status"),
            }
            : null,
        Status = item.Text("status"),
        SubnetId = item.Text("subnetId"),
        VpcId = item.Text("vpcId"),
        TagSet = Tags(item),
    };

    public static Reservation Reservation(XElement item) => new()
    {
        ReservationId = item.Text("reservationId"),
        OwnerId = item.Text("ownerId"),
        Instances = item.Items("instancesSet").Select(Instance).ToList(),
    };

    private static Instance Instance(XElement item) => new()
    {
        InstanceId = item.Text("instanceId"),
        ImageId = item.Text("imageId"),
        InstanceType = item.Text("instanceType"),
        LaunchTime = item.Time("launchTime"),
        State = item.Child("instanceState") is { } state ? new InstanceState { Code = state.Int("code"), Name = state.Text("name") } : null,
        Placement = item.Child("placement") is { } placement ? new Placement { AvailabilityZone = placement.Text("availabilityZone") } : null,
        PrivateIpAddress = item.Text("privateIpAddress"),
        PublicIpAddress = item.Text("ipAddress"),
        SubnetId = item.Text("subnetId"),
        VpcId = item.Text("vpcId"),
        NetworkInterfaces = item.Items("networkInterfaceSet").Select(eni => new InstanceNetworkInterface
        {
            NetworkInterfaceId = eni.Text("networkInterfaceId"),
            MacAddress = eni.Text("macAddress"),
            PrivateIpAddress = eni.Text("privateIpAddress"),
            PrivateIpAddresses = eni.Items("privateIpAddressesSet").Select(ip => new InstancePrivateIpAddress
            {
                PrivateIpAddress = ip.Text("privateIpAddress"),
                Primary = ip.Bool("primary"),
                Association = ip.Child("association") is { } association
                    ? new InstanceNetworkInterfaceAssociation { PublicIp = association.Text("publicIp"), IpOwnerId = association.Text("ipOwnerId") }
                    : null,
            }).ToList(),
            Attachment = eni.Child("attachment") is { } attachment
                ? new InstanceNetworkInterfaceAttachment
                {
                    AttachmentId = attachment.Text("attachmentId"),
                    DeviceIndex = attachment.Int("deviceIndex"),
                    Status = attachment.Text("status"),
                }
                : null,
            Status = eni.Text("status"),
            SubnetId = eni.Text("subnetId"),
            VpcId = eni.Text("vpcId"),
        }).ToList(),
        Tags = Tags(item),
    };

    private static NetworkInterfaceAssociation? NetworkInterfaceAssociation(XElement? association) => association is null
        ? null
        : new NetworkInterfaceAssociation
        {
            AllocationId = association.Text("allocationId"),
            AssociationId = association.Text("associationId"),
            IpOwnerId = association.Text("ipOwnerId"),
            PublicIp = association.Text("publicIp"),
        };

    private static List<Tag> Tags(XElement item) =>
        item.Items("tagSet").Select(tag => new Tag { Key = tag.Text("key"), Value = tag.Text("value") }).ToList();
}
