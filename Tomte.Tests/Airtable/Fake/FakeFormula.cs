using System.Globalization;
using System.Text;

namespace Tomte.Tests.Airtable.Fake;

/// <summary>
/// The part of Airtable's formula language that filterByFormula needs here: field references ({Name} or a bare
/// name), string and number literals, = != &lt; &gt; &lt;= &gt;=, &amp;, + - * /, and AND, OR, NOT, IF,
/// IS_AFTER, IS_BEFORE, IS_SAME, RECORD_ID, CREATED_TIME, TRUE, FALSE, BLANK, DATETIME_PARSE, LEN, LOWER,
/// UPPER, TRIM, FIND, VALUE. Anything else is refused the way Airtable refuses a bad formula (422).
/// </summary>
internal sealed class FakeFormula
{
    private readonly Node _root;

    private FakeFormula(Node root, IReadOnlySet<string> fieldNames)
    {
        _root = root;
        FieldNames = fieldNames;
    }

    /// <summary>The fields the formula reads; the caller checks they exist.</summary>
    public IReadOnlySet<string> FieldNames { get; }

    public static FakeFormula Parse(string text)
    {
        var parser = new Parser(text);
        var node = parser.ParseExpression();
        parser.ExpectEnd();
        return new FakeFormula(node, parser.Fields);
    }

    public bool Matches(FormulaRecord record) => Truthy(_root.Evaluate(record));

    /// <summary>What the formula sees of a record: its id, creation time and field values by name.</summary>
    internal sealed record FormulaRecord(string Id, DateTimeOffset CreatedTime, Func<string, object?> Field);

    internal static bool Truthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        double d => d != 0 && !double.IsNaN(d),
        string s => s.Length > 0,
        DateTimeOffset => true,
        _ => true,
    };

    private static string AsText(object? value) => value switch
    {
        null => "",
        bool b => b ? "1" : "0",
        double d => d.ToString(CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static double AsNumber(object? value) => value switch
    {
        null => 0,
        bool b => b ? 1 : 0,
        double d => d,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => double.NaN,
    };

    private static DateTimeOffset? AsDate(object? value) => value switch
    {
        DateTimeOffset t => t,
        string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) => t,
        _ => null,
    };

    private static bool AreEqual(object? left, object? right)
    {
        if (IsBlank(left) || IsBlank(right))
        {
            // Airtable treats a blank cell, "", 0 and false alike against BLANK().
            var other = IsBlank(left) ? right : left;
            return IsBlank(other) || other is double d && d == 0 || other is bool b && !b;
        }
        if (left is double || right is double || left is bool || right is bool)
        {
            return AsNumber(left) == AsNumber(right);
        }
        return string.Equals(AsText(left), AsText(right), StringComparison.Ordinal);
    }

    private static bool IsBlank(object? value) => value is null || value is string { Length: 0 };

    private static int Compare(object? left, object? right)
    {
        if (AsDate(left) is { } ld && AsDate(right) is { } rd && (left is DateTimeOffset || right is DateTimeOffset))
        {
            return ld.CompareTo(rd);
        }
        if (left is string l && right is string r)
        {
            return string.CompareOrdinal(l, r);
        }
        return AsNumber(left).CompareTo(AsNumber(right));
    }

    private abstract record Node
    {
        public abstract object? Evaluate(FormulaRecord record);
    }

    private sealed record Literal(object? Value) : Node
    {
        public override object? Evaluate(FormulaRecord record) => Value;
    }

    private sealed record FieldRef(string Name) : Node
    {
        public override object? Evaluate(FormulaRecord record) => record.Field(Name);
    }

    private sealed record Binary(string Op, Node Left, Node Right) : Node
    {
        public override object? Evaluate(FormulaRecord record)
        {
            var l = Left.Evaluate(record);
            var r = Right.Evaluate(record);
            return Op switch
            {
                "=" => AreEqual(l, r),
                "!=" => !AreEqual(l, r),
                "<" => Compare(l, r) < 0,
                ">" => Compare(l, r) > 0,
                "<=" => Compare(l, r) <= 0,
                ">=" => Compare(l, r) >= 0,
                "&" => AsText(l) + AsText(r),
                "+" => AsNumber(l) + AsNumber(r),
                "-" => AsNumber(l) - AsNumber(r),
                "*" => AsNumber(l) * AsNumber(r),
                "/" => AsNumber(l) / AsNumber(r),
                _ => throw new FormatException($"operator {Op}"),
            };
        }
    }

    private sealed record Call(string Name, IReadOnlyList<Node> Args) : Node
    {
        public override object? Evaluate(FormulaRecord record)
        {
            object? Arg(int i) => Args[i].Evaluate(record);
            return Name switch
            {
                "AND" => Args.All(a => Truthy(a.Evaluate(record))),
                "OR" => Args.Any(a => Truthy(a.Evaluate(record))),
                "NOT" => !Truthy(Arg(0)),
                "IF" => Truthy(Arg(0)) ? Arg(1) : Args.Count > 2 ? Arg(2) : null,
                "IS_AFTER" => AsDate(Arg(0)) is { } a && AsDate(Arg(1)) is { } b && a > b,
                "IS_BEFORE" => AsDate(Arg(0)) is { } a && AsDate(Arg(1)) is { } b && a < b,
                "IS_SAME" => AsDate(Arg(0)) is { } a && AsDate(Arg(1)) is { } b && a == b,
                "RECORD_ID" => record.Id,
                "CREATED_TIME" => record.CreatedTime,
                "TRUE" => true,
                "FALSE" => false,
                "BLANK" => null,
                "DATETIME_PARSE" => AsDate(Arg(0)),
                "LEN" => (double)AsText(Arg(0)).Length,
                "LOWER" => AsText(Arg(0)).ToLowerInvariant(),
                "UPPER" => AsText(Arg(0)).ToUpperInvariant(),
                "TRIM" => AsText(Arg(0)).Trim(),
                "FIND" => (double)(AsText(Arg(1)).IndexOf(AsText(Arg(0)), StringComparison.Ordinal) + 1),
                "VALUE" => AsNumber(Arg(0)),
                _ => throw new FormatException($"unknown function {Name}"),
            };
        }
    }

    private static readonly Dictionary<string, (int Min, int Max)> Arity = new(StringComparer.Ordinal)
    {
        ["AND"] = (1, int.MaxValue),
        ["OR"] = (1, int.MaxValue),
        ["NOT"] = (1, 1),
        ["IF"] = (2, 3),
        ["IS_AFTER"] = (2, 2),
        ["IS_BEFORE"] = (2, 2),
        ["IS_SAME"] = (2, 3),
        ["RECORD_ID"] = (0, 0),
        ["CREATED_TIME"] = (0, 0),
        ["TRUE"] = (0, 0),
        ["FALSE"] = (0, 0),
        ["BLANK"] = (0, 0),
        ["DATETIME_PARSE"] = (1, 3),
        ["LEN"] = (1, 1),
        ["LOWER"] = (1, 1),
        ["UPPER"] = (1, 1),
        ["TRIM"] = (1, 1),
        ["FIND"] = (2, 3),
        ["VALUE"] = (1, 1),
    };

    private sealed class Parser(string text)
    {
        private int _position;

        public HashSet<string> Fields { get; } = new(StringComparer.Ordinal);

        public void ExpectEnd()
        {
            SkipSpace();
            if (_position < text.Length)
            {
                throw new FormatException($"unexpected '{text[_position]}' at {_position}");
            }
        }

        public Node ParseExpression() => ParseComparison();

        private Node ParseComparison()
        {
            var left = ParseConcat();
            while (true)
            {
                SkipSpace();
                var op = TryOperator("!=", "<=", ">=", "=", "<", ">");
                if (op is null)
                {
                    return left;
                }
                left = new Binary(op, left, ParseConcat());
            }
        }

        private Node ParseConcat()
        {
            var left = ParseAdditive();
            while (TryOperator("&") is { } op)
            {
                left = new Binary(op, left, ParseAdditive());
            }
            return left;
        }

        private Node ParseAdditive()
        {
            var left = ParseMultiplicative();
            while (TryOperator("+", "-") is { } op)
            {
                left = new Binary(op, left, ParseMultiplicative());
            }
            return left;
        }

        private Node ParseMultiplicative()
        {
            var left = ParseUnary();
            while (TryOperator("*", "/") is { } op)
            {
                left = new Binary(op, left, ParseUnary());
            }
            return left;
        }

        private Node ParseUnary() =>
            TryOperator("-") is not null ? new Binary("-", new Literal(0d), ParseUnary()) : ParsePrimary();

        private Node ParsePrimary()
        {
            SkipSpace();
            if (_position >= text.Length)
            {
                throw new FormatException("the formula ends too early");
            }
            var c = text[_position];
            if (c == '(')
            {
                _position++;
                var inner = ParseExpression();
                Expect(')');
                return inner;
            }
            if (c is '\'' or '"')
            {
                return new Literal(ReadString(c));
            }
            if (c == '{')
            {
                var end = text.IndexOf('}', _position + 1);
                if (end < 0)
                {
                    throw new FormatException("a { without its }");
                }
                var name = text[(_position + 1)..end];
                _position = end + 1;
                Fields.Add(name);
                return new FieldRef(name);
            }
            if (char.IsDigit(c) || c == '.')
            {
                var start = _position;
                while (_position < text.Length && (char.IsDigit(text[_position]) || text[_position] == '.'))
                {
                    _position++;
                }
                return new Literal(double.Parse(text[start.._position], CultureInfo.InvariantCulture));
            }
            if (char.IsLetter(c) || c == '_')
            {
                var start = _position;
                while (_position < text.Length && (char.IsLetterOrDigit(text[_position]) || text[_position] == '_'))
                {
                    _position++;
                }
                var name = text[start.._position];
                SkipSpace();
                if (_position < text.Length && text[_position] == '(')
                {
                    _position++;
                    var function = name.ToUpperInvariant();
                    if (!Arity.TryGetValue(function, out var arity))
                    {
                        throw new FormatException($"unknown function {name}");
                    }
                    var args = new List<Node>();
                    SkipSpace();
                    if (_position < text.Length && text[_position] == ')')
                    {
                        _position++;
                    }
                    else
                    {
                        do
                        {
                            args.Add(ParseExpression());
                            SkipSpace();
                        }
                        while (TryOperator(",") is not null);
                        Expect(')');
                    }
                    if (args.Count < arity.Min || args.Count > arity.Max)
                    {
                        throw new FormatException($"{function} takes {arity.Min}–{arity.Max} arguments, not {args.Count}");
                    }
                    return new Call(function, args);
                }
                Fields.Add(name);
                return new FieldRef(name);
            }
            throw new FormatException($"unexpected '{c}' at {_position}");
        }

        private string ReadString(char quote)
        {
            var builder = new StringBuilder();
            _position++;
            while (_position < text.Length && text[_position] != quote)
            {
                if (text[_position] == '\\' && _position + 1 < text.Length)
                {
                    _position++;
                }
                builder.Append(text[_position++]);
            }
            if (_position >= text.Length)
            {
                throw new FormatException("a string without its closing quote");
            }
            _position++;
            return builder.ToString();
        }

        private string? TryOperator(params string[] operators)
        {
            SkipSpace();
            foreach (var op in operators)
            {
                if (string.CompareOrdinal(text, _position, op, 0, op.Length) == 0)
                {
                    _position += op.Length;
                    return op;
                }
            }
            return null;
        }

        private void Expect(char c)
        {
            SkipSpace();
            if (_position >= text.Length || text[_position] != c)
            {
                throw new FormatException($"expected '{c}' at {_position}");
            }
            _position++;
        }

        private void SkipSpace()
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }
        }
    }
}
