using System.Globalization;
using System.Text;
using Op = Magvit.Model.Weights.Pickle.PickleOpcodes;

namespace Magvit.Model.Weights.Pickle;

/// <summary>
/// A pickle virtual machine (protocols 0–5) that never imports or runs anything: globals become
/// <see cref="PythonGlobal"/> names, calls go to an <see cref="IPickleResolver"/>, and every class it does not know
/// becomes an inert <see cref="PythonObject"/>. Razorvine.Pickle cannot be used for this: its constructor registry is
/// process-wide (TorchSharp.PyBridge overwrites entries in it), and its SETITEMS/APPENDS cast their target to
/// Hashtable/ArrayList, which is the InvalidCastException real Lightning checkpoints trigger.
/// Values: None → null, bool, int → long (BigInteger beyond 64 bits), float → double, str → string,
/// bytes → byte[], tuple → object?[], list and set → List&lt;object?&gt;, dict → <see cref="PickleDict"/>.
/// </summary>
internal sealed class PickleMachine(Stream stream, IPickleResolver resolver)
{
    private const int HighestProtocol = 5;
    private readonly PickleInput input = new(stream);
    private readonly List<object?> stack = [];
    private readonly Stack<int> marks = new();
    private readonly Dictionary<long, object?> memo = [];

    /// <summary>Runs one pickle up to its STOP opcode and returns the object it built.</summary>
    public object? Load()
    {
        for (byte op = input.ReadByte(); op != Op.Stop; op = input.ReadByte())
        {
            Execute(op);
        }

        return Pop();
    }

    private void Execute(byte op)
    {
        switch (op)
        {
            case Op.Mark: marks.Push(stack.Count); break;
            case Op.Pop: DiscardTop(); break;
            case Op.PopMark: PopMark(); break;
            case Op.Dup: Push(Peek()); break;
            case Op.Proto: CheckProtocol(input.ReadByte()); break;
            case Op.Frame: input.ReadInt64(); break;

            case Op.None: Push(null); break;
            case Op.NewTrue: Push(true); break;
            case Op.NewFalse: Push(false); break;
            case Op.Int: Push(ParseInt(input.ReadLine(Encoding.ASCII))); break;
            case Op.Long: Push(PickleInput.ParseInteger(input.ReadLine(Encoding.ASCII))); break;
            case Op.BinInt: Push((long)input.ReadInt32()); break;
            case Op.BinInt1: Push((long)input.ReadByte()); break;
            case Op.BinInt2: Push((long)input.ReadUInt16()); break;
            case Op.Long1: Push(PickleInput.DecodeLong(input.ReadBytes(input.ReadByte()))); break;
            case Op.Long4: Push(PickleInput.DecodeLong(input.ReadBytes(input.ReadInt32()))); break;
            case Op.Float: Push(PickleInput.ParseFloat(input.ReadLine(Encoding.ASCII))); break;
            case Op.BinFloat: Push(input.ReadBigEndianDouble()); break;

            case Op.String: Push(PickleText.UnquoteString(input.ReadLine(Encoding.Latin1))); break;
            case Op.BinString: Push(Encoding.UTF8.GetString(input.ReadBytes(input.ReadInt32()))); break;
            case Op.ShortBinString: Push(Encoding.UTF8.GetString(input.ReadBytes(input.ReadByte()))); break;
            case Op.Unicode: Push(PickleText.DecodeRawUnicodeEscape(input.ReadLine(Encoding.Latin1))); break;
            case Op.BinUnicode: Push(Encoding.UTF8.GetString(input.ReadBytes(input.ReadUInt32()))); break;
            case Op.ShortBinUnicode: Push(Encoding.UTF8.GetString(input.ReadBytes(input.ReadByte()))); break;
            case Op.BinUnicode8: Push(Encoding.UTF8.GetString(input.ReadBytes(input.ReadInt64()))); break;
            case Op.BinBytes: Push(input.ReadBytes(input.ReadUInt32())); break;
            case Op.ShortBinBytes: Push(input.ReadBytes(input.ReadByte())); break;
            case Op.BinBytes8 or Op.ByteArray8: Push(input.ReadBytes(input.ReadInt64())); break;

            case Op.EmptyTuple: Push(Array.Empty<object?>()); break;
            case Op.Tuple: Push(PopMark()); break;
            case Op.Tuple1: Push(PopN(1)); break;
            case Op.Tuple2: Push(PopN(2)); break;
            case Op.Tuple3: Push(PopN(3)); break;
            case Op.EmptyList or Op.EmptySet: Push(new List<object?>()); break;
            case Op.List or Op.FrozenSet: Push(new List<object?>(PopMark())); break;
            case Op.Append: AppendTo(PopN(1)); break;
            case Op.Appends or Op.AddItems: AppendTo(PopMark()); break;
            case Op.EmptyDict: Push(new PickleDict()); break;
            case Op.Dict: Push(SetPairs(new PickleDict(), PopMark())); break;
            case Op.SetItem: SetItems(PopN(2)); break;
            case Op.SetItems: SetItems(PopMark()); break;

            case Op.Get: Push(Recall(long.Parse(input.ReadLine(Encoding.ASCII), CultureInfo.InvariantCulture))); break;
            case Op.BinGet: Push(Recall(input.ReadByte())); break;
            case Op.LongBinGet: Push(Recall(input.ReadUInt32())); break;
            case Op.Put: memo[long.Parse(input.ReadLine(Encoding.ASCII), CultureInfo.InvariantCulture)] = Peek(); break;
            case Op.BinPut: memo[input.ReadByte()] = Peek(); break;
            case Op.LongBinPut: memo[input.ReadUInt32()] = Peek(); break;
            case Op.Memoize: memo[memo.Count] = Peek(); break;

            case Op.Global: Push(new PythonGlobal(input.ReadLine(Encoding.UTF8), input.ReadLine(Encoding.UTF8))); break;
            case Op.StackGlobal: StackGlobal(); break;
            case Op.Reduce or Op.NewObj: CallWithArgs(); break;
            case Op.NewObjEx: NewObjEx(); break;
            case Op.Obj: Obj(); break;
            case Op.Inst: Push(Call(new PythonGlobal(input.ReadLine(Encoding.UTF8), input.ReadLine(Encoding.UTF8)), PopMark())); break;
            case Op.Build: Build(); break;
            case Op.PersId: Push(resolver.PersistentLoad(input.ReadLine(Encoding.ASCII))); break;
            case Op.BinPersId: Push(resolver.PersistentLoad(Pop())); break;

            case Op.ReadOnlyBuffer: break;
            case Op.Ext1 or Op.Ext2 or Op.Ext4:
                throw Unsupported(op, "copyreg extension codes");
            case Op.NextBuffer:
                throw Unsupported(op, "out-of-band buffers");
            default:
                throw new InvalidDataException($"Unknown pickle opcode 0x{op:x2} at offset {input.Offset - 1}.");
        }
    }

    private static object ParseInt(string text) => text switch
    {
        // Protocol 0 spells booleans as INT 01 / 00.
        "01" => true,
        "00" => false,
        _ => PickleInput.ParseInteger(text),
    };

    private static void CheckProtocol(byte protocol)
    {
        if (protocol > HighestProtocol)
        {
            throw new InvalidDataException($"Pickle protocol {protocol} is newer than the {HighestProtocol} this reader knows.");
        }
    }

    private void StackGlobal()
    {
        object? name = Pop();
        object? module = Pop();
        Push(module is string m && name is string n
            ? new PythonGlobal(m, n)
            : throw new InvalidDataException($"STACK_GLOBAL at offset {input.Offset - 1} needs two strings."));
    }

    private void CallWithArgs()
    {
        object?[] args = Pop() as object?[] ?? [];
        Push(Call(Pop(), args));
    }

    private void NewObjEx()
    {
        Pop(); // Keyword arguments: nothing torch pickles needs them, and placeholders keep positional ones only.
        CallWithArgs();
    }

    private void Obj()
    {
        object?[] items = PopMark();
        Push(items.Length == 0 ? throw new InvalidDataException("OBJ without a class.") : Call(items[0], items[1..]));
    }

    private object? Call(object? callable, object?[] args) => callable is PythonGlobal global
        ? resolver.Call(global, args)
        : new PythonObject(new PythonGlobal("<call>", callable?.ToString() ?? "None"), args);

    private void Build()
    {
        object? state = Pop();
        if (Peek() is PythonObject target)
        {
            target.State = state;
        }

        // Anything else (OrderedDict._metadata, Parameter hooks state) carries nothing a state dict needs.
    }

    /// <summary>APPEND(S) / ADDITEMS: the items were popped; the list (or placeholder) is now on top.</summary>
    private void AppendTo(object?[] items)
    {
        object? target = Peek();
        switch (target)
        {
            case List<object?> list: list.AddRange(items); break;
            case PythonObject placeholder: placeholder.ListItems.AddRange(items); break;
            default: throw new InvalidDataException($"APPEND(S) onto {Describe(target)} at offset {input.Offset - 1}.");
        }
    }

    /// <summary>SETITEM(S): the key/value pairs were popped; the dict (or placeholder) is now on top.</summary>
    private void SetItems(object?[] flat) => SetPairs(Peek(), flat);

    private PickleDict SetPairs(object? target, object?[] flat)
    {
        var dict = target switch
        {
            PickleDict d => d,
            PythonObject placeholder => placeholder.Items,
            _ => throw new InvalidDataException($"SETITEM(S) onto {Describe(target)} at offset {input.Offset - 1}."),
        };
        for (int i = 0; i + 1 < flat.Length; i += 2)
        {
            dict[flat[i]] = flat[i + 1];
        }

        return dict;
    }

    private object? Recall(long index) =>
        memo.TryGetValue(index, out object? value)
            ? value
            : throw new InvalidDataException($"Pickle memo entry {index} is read before it is written (offset {input.Offset}).");

    private void Push(object? value) => stack.Add(value);

    private object? Pop()
    {
        object? value = Peek();
        stack.RemoveAt(stack.Count - 1);
        return value;
    }

    private object? Peek() =>
        stack.Count > 0 ? stack[^1] : throw new InvalidDataException($"Pickle stack underflow at offset {input.Offset - 1}.");

    private object?[] PopN(int count)
    {
        if (stack.Count < count)
        {
            throw new InvalidDataException($"Pickle stack underflow at offset {input.Offset - 1}.");
        }

        object?[] items = [.. stack.GetRange(stack.Count - count, count)];
        stack.RemoveRange(stack.Count - count, count);
        return items;
    }

    private object?[] PopMark()
    {
        int start = marks.Count > 0
            ? marks.Pop()
            : throw new InvalidDataException($"Pickle MARK missing at offset {input.Offset - 1}.");
        return PopN(stack.Count - start);
    }

    private void DiscardTop()
    {
        // CPython pops a pending mark instead when nothing lies above it.
        if (marks.Count > 0 && marks.Peek() == stack.Count)
        {
            marks.Pop();
        }
        else
        {
            Pop();
        }
    }

    private static string Describe(object? value) => value?.GetType().Name ?? "None";

    private InvalidDataException Unsupported(byte op, string what) =>
        new($"Pickle opcode 0x{op:x2} ({what}) at offset {input.Offset - 1} is not supported.");
}
