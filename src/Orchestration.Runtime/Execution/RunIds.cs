using System;

namespace Orchestration;

/// <summary>Creates and validates run ids.</summary>
internal static class RunIds
{
    /// <summary>A new id that sorts by start time: <c>yyyyMMddTHHmmssfff-</c> and twelve random hex digits.</summary>
    public static string New() => $"{DateTime.UtcNow:yyyyMMdd'T'HHmmssfff}-{Guid.NewGuid():N}".Substring(0, 31);

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
