namespace RtcOnAws.Aws.EC2.Model;

/// <summary>Disassociates an Elastic IP.</summary>
public sealed class DisassociateAddressRequest
{
    /// <summary>The association id (eipassoc-...).</summary>
    public string? AssociationId { get; set; }

    /// <summary>EC2-Classic public IP.</summary>
    public string? PublicIp { get; set; }
}

/// <summary>Result of DisassociateAddress.</summary>
public sealed class DisassociateAddressResponse : AmazonWebServiceResponse;
