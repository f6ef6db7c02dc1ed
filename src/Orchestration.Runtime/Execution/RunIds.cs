using System;
using System.Threading;

namespace Orchestration;

/// <summary>Creates and validates run ids.</summary>
internal static class RunIds
{
    private static long s_counter;

    /// <summary>A new id that sorts by start time: <c>yyyyMMddTHHmmssfff-xxxxxxxx</c>.</summary>
    public static string New()
    {
        var sequence = (uint)Interlocked.Increment(ref s_counter);
        var random = (uint)Guid.NewGuid().GetHashCode();
        return $"{DateTime.UtcNow:yyyyMMdd'T'HHmmssfff}-{random ^ sequence:x8}";
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
