namespace RtcOnAws.MediaNode.Engine.Bencode;

/// <summary>
/// Strict, bounded bencode parser. Strings in the result are slices of the input (zero copy). It never throws on bad
/// input: it reports the first problem and the byte offset where it was found.
/// </summary>
public static class BencodeReader
{
    /// <summary>Parses exactly one value that must span the whole input.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> input, BencodeLimits limits, out BencodeValue? value, out string? error)
    {
        var state = new State(input, limits);
        value = state.ParseValue(0);
        if (value is not null && state.Position != input.Length)
        {
            state.Fail($"{input.Length - state.Position} unexpected bytes after the end of the document");
            value = null;
        }

        error = state.Error;
        return value is not null;
    }

    private sealed class State(ReadOnlyMemory<byte> input, BencodeLimits limits)
    {
        public int Position;
        public string? Error;
        private int _values;

        public BencodeValue? Fail(string message)
        {
            Error ??= $"invalid bencode at byte {Position}: {message}";
            return null;
        }

        public BencodeValue? ParseValue(int depth)
        {
            var span = input.Span;
            if (Position >= span.Length)
            {
                return Fail("truncated document");
            }

            if (++_values > limits.MaxValues)
            {
                return Fail($"more than {limits.MaxValues} values");
            }

            return span[Position] switch
            {
                (byte)'i' => ParseInteger(),
                (byte)'l' => ParseList(depth),
                (byte)'d' => ParseDictionary(depth),
                >= (byte)'0' and <= (byte)'9' => ParseString(),
                var other => Fail($"unexpected byte 0x{other:x2}, expected 'i', 'l', 'd' or a string length"),
            };
        }

        private BencodeValue? ParseInteger()
        {
            var span = input.Span;
            Position++;
            var start = Position;
            var negative = Position < span.Length && span[Position] == (byte)'-';
            if (negative)
            {
                Position++;
            }

            var digitsStart = Position;
            long value = 0;
            while (Position < span.Length && span[Position] is >= (byte)'0' and <= (byte)'9')
            {
                var digit = span[Position] - '0';
                if (value > (long.MaxValue - digit) / 10)
                {
                    return Fail("integer does not fit in 64 bits");
                }

                value = value * 10 + digit;
                Position++;
            }

            var digits = Position - digitsStart;
            if (Position >= span.Length)
            {
                return Fail("truncated integer");
            }

            if (span[Position] != (byte)'e' || digits == 0)
            {
                return Fail("integer must be i<digits>e");
            }

            if ((digits > 1 && span[digitsStart] == (byte)'0') || (negative && value == 0))
            {
                Position = start;
                return Fail("integer has a leading zero or is negative zero");
            }

            Position++;
            return BencodeValue.FromInteger(negative ? -value : value);
        }

        private BencodeValue? ParseString()
        {
            var span = input.Span;
            long length = 0;
            var digitsStart = Position;
            while (Position < span.Length && span[Position] is >= (byte)'0' and <= (byte)'9')
            {
                length = length * 10 + (span[Position] - '0');
                if (length > limits.MaxStringLength)
                {
                    return Fail($"string longer than {limits.MaxStringLength} bytes");
                }

                Position++;
            }

            if (Position >= span.Length || span[Position] != (byte)':')
            {
                return Fail("string length must be followed by ':'");
            }

            if (Position - digitsStart > 1 && span[digitsStart] == (byte)'0')
            {
                return Fail("string length has a leading zero");
            }

            Position++;
            if (length > span.Length - Position)
            {
                return Fail($"string of {length} bytes runs past the end of the document");
            }

            var bytes = input.Slice(Position, (int)length);
            Position += (int)length;
            return BencodeValue.FromBytes(bytes);
        }

        private BencodeValue? ParseList(int depth)
        {
            if (depth >= limits.MaxDepth)
            {
                return Fail($"nesting deeper than {limits.MaxDepth}");
            }

            Position++;
            var items = new List<BencodeValue>();
            while (true)
            {
                if (Position >= input.Length)
                {
                    return Fail("truncated list");
                }

                if (input.Span[Position] == (byte)'e')
                {
                    Position++;
                    return BencodeValue.FromList(items);
                }

                var item = ParseValue(depth + 1);
                if (item is null)
                {
                    return null;
                }

                items.Add(item);
            }
        }

        private BencodeValue? ParseDictionary(int depth)
        {
            if (depth >= limits.MaxDepth)
            {
                return Fail($"nesting deeper than {limits.MaxDepth}");
            }

            Position++;
            var entries = new List<KeyValuePair<ReadOnlyMemory<byte>, BencodeValue>>();
            while (true)
            {
                if (Position >= input.Length)
                {
                    return Fail("truncated dictionary");
                }

                if (input.Span[Position] == (byte)'e')
                {
                    Position++;
                    return BencodeValue.FromEntries(entries);
                }

                if (input.Span[Position] is < (byte)'0' or > (byte)'9')
                {
                    return Fail("dictionary key must be a string");
                }

                var key = ParseString();
                if (key is null)
                {
                    return null;
                }

                foreach (var existing in entries)
                {
                    if (existing.Key.Span.SequenceEqual(key.Bytes.Span))
                    {
                        return Fail("duplicate dictionary key");
                    }
                }

                var value = ParseValue(depth + 1);
                if (value is null)
                {
                    return null;
                }

                entries.Add(new(key.Bytes, value));
            }
        }
    }
}
