package nl.zorgbrug.compliance.scan;

import java.time.Duration;
import java.util.Locale;

/**
 * Where a scan stands: items done (files, or studies of a PACS) of the total (-1 while still being counted), how many
 * of them this run did (a resumed scan starts with the journal's), the rate of this run, and the time left at that
 * rate (null while unknown).
 */
public record ScanProgress(long done, long total, long doneThisRun, double perSecond, Duration timeLeft,
                           long unreadable) {

    /** One line for a terminal: "41200 of 100000 files (41.2%), 12034 files/s, 5 s left, 3 unreadable". */
    public String line(String unit) {
        StringBuilder sb = new StringBuilder();
        sb.append(done);
        if (total >= 0) {
            sb.append(" of ").append(total).append(' ').append(unit)
                    .append(String.format(Locale.ROOT, " (%.1f%%)", total == 0 ? 100.0 : 100.0 * done / total));
        } else {
            sb.append(' ').append(unit).append(" (counting)");
        }
        sb.append(String.format(Locale.ROOT, ", %.0f %s/s", perSecond, unit));
        if (timeLeft != null) {
            sb.append(", ").append(human(timeLeft)).append(" left");
        }
        if (unreadable > 0) {
            sb.append(", ").append(unreadable).append(" unreadable");
        }
        return sb.toString();
    }

    static String human(Duration d) {
        long s = d.getSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    static ScanProgress of(long done, long total, long doneThisRun, long elapsedNanos, long unreadable) {
        double rate = elapsedNanos <= 0 ? 0 : doneThisRun * 1e9 / elapsedNanos;
        Duration left = total < 0 || rate <= 0 ? null : Duration.ofSeconds((long) Math.ceil(Math.max(0, total - done) / rate));
        return new ScanProgress(done, total, doneThisRun, rate, left, unreadable);
    }
}
