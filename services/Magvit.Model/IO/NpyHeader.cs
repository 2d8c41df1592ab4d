using System.Globalization;

namespace Magvit.Model.IO;

/// <summary>
/// The header dictionary of a .npy file, e.g. <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }</c>.
/// Parses the Python-literal subset NumPy writes; anything else (structured dtypes, unknown keys) is refused.
/// </summary>
internal sealed record NpyHeader(string Descr, bool FortranOrder, long[] Shape)
{
    // NumPy leaves room after the dict so the first axis can grow in place (numpy.lib.format.GROWTH_AXIS_MAX_DIGITS).
    private const int GrowthAxisMaxDigits = 21;

    public static NpyHeader Parse(string text)
    {
        var parser = new Parser(text);
        try
        {
            return parser.ParseHeader();
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"Malformed .npy header {text.Trim()}: {e.Message}", e);
        }
    }

    /// <summary>The dict text exactly as numpy.save writes it (keys sorted, growth padding), before alignment.</summary>
    public string Format()
    {
        string shape = Shape.Length switch
        {
            0 => "()",
            1 => $"({Shape[0].ToString(CultureInfo.InvariantCulture)},)",
            _ => "(" + string.Join(", ", Shape.Select(s => s.ToString(CultureInfo.InvariantCulture))) + ")",
        };
        string dict = $"{{'descr': '{Descr}', 'fortran_order': {(FortranOrder ? "True" : "False")}, 'shape': {shape}, }}";
        if (Shape.Length > 0)
        {
            long growthAxis = Shape[FortranOrder ? ^1 : 0];
            dict += new string(' ', GrowthAxisMaxDigits - growthAxis.ToString(CultureInfo.InvariantCulture).Length);
        }

        return dict;
    }

    /// <summary>Recursive descent over the tiny Python-literal grammar of the header.</summary>
    private sealed class Parser(string text)
    {
        private int pos;

        public NpyHeader ParseHeader()
        {
            string? descr = null;
            bool? fortran = null;
            long[]? shape = null;
            Expect('{');
            while (!TryConsume('}'))
            {
                string key = ParseString();
                Expect(':');
                switch (key)
                {
                    case "descr":
                        descr = Peek() == '['
                            ? throw new NotSupportedException("Structured .npy dtypes are not supported.")
                            : ParseString();
                        break;
                    case "fortran_order":
                        fortran = ParseBool();
                        break;
                    case "shape":
                        shape = ParseShape();
                        break;
                    default:
                        throw new FormatException($"unexpected key '{key}'");
                }

                if (!TryConsume(','))
                {
                    Expect('}');
                    break;
                }
            }

            return new NpyHeader(
                descr ?? throw new FormatException("missing 'descr'"),
                fortran ?? throw new FormatException("missing 'fortran_order'"),
                shape ?? throw new FormatException("missing 'shape'"));
        }

        private long[] ParseShape()
        {
            var dims = new List<long>();
            Expect('(');
            while (!TryConsume(')'))
            {
                dims.Add(ParseInt());
                if (!TryConsume(','))
                {
                    Expect(')');
                    break;
                }
            }

            return [.. dims];
        }

        private string ParseString()
        {
            char quote = Peek();
            if (quote is not ('\'' or '"'))
            {
                throw new FormatException($"expected a string at {pos}");
            }

            int end = text.IndexOf(quote, pos + 1);
            if (end < 0)
            {
                throw new FormatException("unterminated string");
            }

            string value = text[(pos + 1)..end];
            pos = end + 1;
            return value;
        }

        private bool ParseBool()
        {
            string word = ParseWord();
            return word switch
            {
                "True" => true,
                "False" => false,
                _ => throw new FormatException($"expected True or False, got '{word}'"),
            };
        }

        private long ParseInt()
        {
            string word = ParseWord().TrimEnd('L');
            return long.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out long value)
                ? value
                : throw new FormatException($"expected a non-negative integer, got '{word}'");
        }

        private string ParseWord()
        {
            Peek();
            int start = pos;
            while (pos < text.Length && (char.IsLetterOrDigit(text[pos]) || text[pos] == '_'))
            {
                pos++;
            }

            return text[start..pos];
        }

        private char Peek()
        {
            while (pos < text.Length && char.IsWhiteSpace(text[pos]))
            {
                pos++;
            }

            return pos < text.Length ? text[pos] : throw new FormatException("unexpected end of header");
        }

        private bool TryConsume(char c)
        {
            if (Peek() != c)
            {
                return false;
            }

            pos++;
            return true;
        }

        private void Expect(char c)
        {
            if (!TryConsume(c))
            {
                throw new FormatException($"expected '{c}' at {pos}");
            }
        }
    }
}
