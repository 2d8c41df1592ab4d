using System.Globalization;
using System.Text;

namespace Magvit.Model.Weights.Pickle;

/// <summary>Decoders for the text operands of protocol-0 string opcodes (STRING and UNICODE).</summary>
internal static class PickleText
{
    /// <summary>STRING: a quoted Python 2 literal such as <c>'it\'s'</c>; common escapes are decoded.</summary>
    public static string UnquoteString(string literal)
    {
        if (literal.Length < 2 || literal[0] != literal[^1] || literal[0] is not ('\'' or '"'))
        {
            throw new InvalidDataException($"STRING operand {literal} is not a quoted literal.");
        }

        var text = literal[1..^1];
        var result = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 == text.Length)
            {
                result.Append(text[i]);
                continue;
            }

            char next = text[++i];
            switch (next)
            {
                case 'n': result.Append('\n'); break;
                case 'r': result.Append('\r'); break;
                case 't': result.Append('\t'); break;
                case 'x' when i + 2 < text.Length:
                    result.Append((char)int.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                default: result.Append(next); break;
            }
        }

        return result.ToString();
    }

    /// <summary>UNICODE: Python's raw-unicode-escape, i.e. Latin-1 text with \uXXXX and \UXXXXXXXX escapes.</summary>
    public static string DecodeRawUnicodeEscape(string latin1)
    {
        var result = new StringBuilder(latin1.Length);
        for (int i = 0; i < latin1.Length; i++)
        {
            int digits = i + 1 < latin1.Length && latin1[i] == '\\' ? latin1[i + 1] switch { 'u' => 4, 'U' => 8, _ => 0 } : 0;
            if (digits > 0 && i + 2 + digits <= latin1.Length)
            {
                int codePoint = int.Parse(latin1.AsSpan(i + 2, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                result.Append(char.ConvertFromUtf32(codePoint));
                i += 1 + digits;
            }
            else
            {
                result.Append(latin1[i]);
            }
        }

        return result.ToString();
    }
}
