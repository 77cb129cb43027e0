using System.Globalization;
using System.Text;

namespace RtcOnAws.Aws.Runtime;

/// <summary>Builds an AWS Query protocol form body ("Action=...&amp;Version=...&amp;Name.1=...").</summary>
internal sealed class QueryRequestBuilder
{
    private readonly StringBuilder _body = new();

    public QueryRequestBuilder(string action, string version)
    {
        Add("Action", action);
        Add("Version", version);
    }

    public QueryRequestBuilder Add(string name, string? value)
    {
        if (value is null) return this;
        if (_body.Length > 0) _body.Append('&');
        _body.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        return this;
    }

    public QueryRequestBuilder Add(string name, bool? value) =>
        value is { } v ? Add(name, v ? "true" : "false") : this;

    public QueryRequestBuilder Add(string name, int? value) =>
        value is { } v ? Add(name, v.ToString(CultureInfo.InvariantCulture)) : this;

    /// <summary>Flattened list: Name.1, Name.2, ...</summary>
    public QueryRequestBuilder AddList(string name, IEnumerable<string>? values)
    {
        if (values is null) return this;
        var index = 1;
        foreach (var value in values) Add($"{name}.{index++}", value);
        return this;
    }

    public AwsRequest Build(string operation) =>
        new(operation, HttpMethod.Post, "/", Encoding.UTF8.GetBytes(_body.ToString()), "application/x-www-form-urlencoded; charset=utf-8");
}
