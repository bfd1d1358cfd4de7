using System.Globalization;
using System.Runtime.CompilerServices;
using System.Xml;

namespace Tomte.Worker.Ingest.Sources;

/// <summary>
/// Reads the numbers of a GML coordinate list (<c>posList</c>, <c>pos</c>, <c>coordinates</c>) into one reused list,
/// in chunks: a posList can run to megabytes, and coordinates are most of a plan file.
/// </summary>
internal sealed class GmlNumberReader
{
    private readonly char[] _chars = new char[8192];

    /// <summary>The numbers of the last list read; reused, so valid until the next <see cref="Read"/>.</summary>
    public List<double> Values { get; } = [];

    /// <summary>Parses the element's text as numbers in chunks, never as one string: a posList can run to megabytes.</summary>
    public void Read(XmlReader reader)
    {
        Values.Clear();
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }
        var depth = reader.Depth;
        reader.Read();
        var carry = 0;
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.EOF)
            {
                throw new GeometryFormatException("the document ends inside a coordinate list (truncated body)");
            }
            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
            {
                int read;
                while ((read = reader.ReadValueChunk(_chars, carry, _chars.Length - carry)) > 0)
                {
                    var length = carry + read;
                    var consumed = ParseNumbers(_chars.AsSpan(0, length), final: false);
                    carry = length - consumed;
                    if (carry == _chars.Length)
                    {
                        throw new GeometryFormatException("a coordinate list holds a token longer than 8192 characters");
                    }
                    Array.Copy(_chars, consumed, _chars, 0, carry);
                }
                ParseNumbers(_chars.AsSpan(0, carry), final: true);
                carry = 0;
                reader.Read();
            }
            else
            {
                throw new GeometryFormatException($"a coordinate list contains an element <{reader.Name}>");
            }
        }
        reader.Read();
    }

    /// <returns>How many characters were consumed; a number cut at the end of a chunk is left for the next chunk.</returns>
    // Coordinates are most of a GML file: skipping the tiered JIT's unoptimised first versions of this loop pays.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ParseNumbers(ReadOnlySpan<char> text, bool final)
    {
        var i = 0;
        var consumed = 0;
        while (i < text.Length)
        {
            while (i < text.Length && IsSeparator(text[i]))
            {
                i++;
            }
            consumed = i;
            if (i == text.Length)
            {
                break;
            }
            var start = i;
            while (i < text.Length && !IsSeparator(text[i]))
            {
                i++;
            }
            if (i == text.Length && !final)
            {
                return start;
            }
            var token = text[start..i];
            if (!TryParsePlainDecimal(token, out var value)
                && (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value)))
            {
                throw new GeometryFormatException($"non-numeric coordinate '{(token.Length > 40 ? token[..40].ToString() + "…" : token.ToString())}'");
            }
            Values.Add(value);
            consumed = i;
        }
        return consumed;
    }

    /// <summary>
    /// The common coordinate form, an optionally signed decimal of at most 15 digits without exponent, exactly as
    /// <see cref="double.Parse(string)"/> reads it: the digits as an integer below 2^53 and a power of ten up to 10^22
    /// are both exact doubles, so their quotient is the correctly rounded value. Anything else returns false.
    /// </summary>
    internal static bool TryParsePlainDecimal(ReadOnlySpan<char> token, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (token.Length > 0 && token[0] is '-' or '+')
        {
            negative = token[0] == '-';
            i = 1;
        }
        long mantissa = 0;
        var digits = 0;
        var fraction = -1;
        for (; i < token.Length; i++)
        {
            var c = token[i];
            if (char.IsAsciiDigit(c))
            {
                mantissa = (mantissa * 10) + (c - '0');
                digits++;
                if (fraction >= 0)
                {
                    fraction++;
                }
            }
            else if (c == '.' && fraction < 0)
            {
                fraction = 0;
            }
            else
            {
                return false;
            }
        }
        if (digits is 0 or > 15)
        {
            return false;
        }
        value = fraction > 0 ? mantissa / PowersOfTen[fraction] : mantissa;
        if (negative)
        {
            value = -value;
        }
        return true;
    }

    private static readonly double[] PowersOfTen = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsSeparator(char c) => c is ' ' or '\n' or '\r' or '\t' or ',';
}
