using System.Globalization;
using System.Text;

namespace Porch.Functions.Grpc.Internal;

/// <summary>Formats a <see cref="TimeSpan"/> as Go's <c>time.Duration.String()</c> does (<c>1m30s</c>, <c>250ms</c>, <c>1.5s</c>).</summary>
internal static class GoDuration
{
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var sign = value < TimeSpan.Zero ? "-" : "";
        var ticks = Math.Abs(value.Ticks);
        if (ticks < TimeSpan.TicksPerSecond)
        {
            var (unit, perUnit) = ticks >= TimeSpan.TicksPerMillisecond ? ("ms", (double)TimeSpan.TicksPerMillisecond) : ("µs", 10.0);
            return sign + (ticks / perUnit).ToString("0.#########", CultureInfo.InvariantCulture) + unit;
        }

        var sb = new StringBuilder(sign);
        var hours = ticks / TimeSpan.TicksPerHour;
        var minutes = ticks % TimeSpan.TicksPerHour / TimeSpan.TicksPerMinute;
        var seconds = ticks % TimeSpan.TicksPerMinute / (double)TimeSpan.TicksPerSecond;
        if (hours > 0)
        {
            sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || minutes > 0)
        {
            sb.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        sb.Append(seconds.ToString("0.#######", CultureInfo.InvariantCulture)).Append('s');
        return sb.ToString();
    }
}
