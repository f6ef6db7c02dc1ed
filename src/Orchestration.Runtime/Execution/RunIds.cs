using System;

namespace Orchestration;

/// <summary>Creates and validates run ids.</summary>
internal static class RunIds
{
    /// <summary>A new id that sorts by start time: <c>yyyyMMddTHHmmssfff-</c> and twelve random hex digits.</summary>
    /// <remarks>
    /// Written digit by digit: formatting a date and a GUID cost about as much as a short run itself. The random part
    /// (48 bits from a randomly seeded generator) only has to separate runs started in the same millisecond.
    /// </remarks>
    public static string New() => string.Create(31, (DateTime.UtcNow, Random.Shared.NextInt64(1L << 48)), static (id, state) =>
    {
        var (now, random) = state;
        Digits(id.Slice(0, 4), now.Year);
        Digits(id.Slice(4, 2), now.Month);
        Digits(id.Slice(6, 2), now.Day);
        id[8] = 'T';
        Digits(id.Slice(9, 2), now.Hour);
        Digits(id.Slice(11, 2), now.Minute);
        Digits(id.Slice(13, 2), now.Second);
        Digits(id.Slice(15, 3), now.Millisecond);
        id[18] = '-';
        for (var i = 30; i > 18; i--, random >>= 4)
        {
            id[i] = "0123456789abcdef"[(int)(random & 0xF)];
        }
    });

    private static void Digits(Span<char> target, int value)
    {
        for (var i = target.Length - 1; i >= 0; i--, value /= 10)
        {
            target[i] = (char)('0' + (value % 10));
        }
    }

    public static bool IsValid(string id)
    {
        if (id.Length is 0 or > 128 || id[0] == '.')
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
