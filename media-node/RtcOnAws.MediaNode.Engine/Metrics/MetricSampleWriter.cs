using System.Globalization;
using System.Text;

namespace RtcOnAws.MediaNode.Engine.Metrics;

/// <summary>Writes the samples of one metric family in Prometheus text exposition format 0.0.4.</summary>
public sealed class MetricSampleWriter
{
    private readonly StringBuilder _output;
    private readonly string _name;
    private readonly IReadOnlyList<string> _labelNames;

    internal MetricSampleWriter(StringBuilder output, string name, IReadOnlyList<string> labelNames)
    {
        _output = output;
        _name = name;
        _labelNames = labelNames;
    }

    /// <summary>Writes one sample; <paramref name="labelValues"/> pair with the family's label names in order.</summary>
    public void Write(double value, params ReadOnlySpan<string> labelValues)
    {
        if (labelValues.Length != _labelNames.Count)
        {
            throw new ArgumentException($"metric {_name} has {_labelNames.Count} labels, got {labelValues.Length} values", nameof(labelValues));
        }

        _output.Append(_name);
        if (labelValues.Length > 0)
        {
            _output.Append('{');
            for (var i = 0; i < labelValues.Length; i++)
            {
                if (i > 0)
                {
                    _output.Append(',');
                }

                _output.Append(_labelNames[i]).Append("=\"");
                AppendEscaped(labelValues[i]);
                _output.Append('"');
            }

            _output.Append('}');
        }

        _output.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
    }

    private void AppendEscaped(string value)
    {
        foreach (var character in value)
        {
            _ = character switch
            {
                '\\' => _output.Append("\\\\"),
                '"' => _output.Append("\\\""),
                '\n' => _output.Append("\\n"),
                _ => _output.Append(character),
            };
        }
    }
}
