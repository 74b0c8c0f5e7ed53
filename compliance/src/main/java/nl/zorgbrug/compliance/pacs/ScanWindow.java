package nl.zorgbrug.compliance.pacs;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * When a scan may ask the PACS: not during office hours ({@code quietFrom}-{@code quietTo} on the given days, in the
 * hospital's local time), so the history scan never competes with the radiologists' own queries (issue 18,
 * "throttled ... and an office-hours schedule"). {@link #ALWAYS} has no quiet hours.
 */
public record ScanWindow(LocalTime quietFrom, LocalTime quietTo, Set<DayOfWeek> days) {
    public static final ScanWindow ALWAYS = new ScanWindow(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, Set.of());
    public static final Set<DayOfWeek> WORKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    public ScanWindow {
        days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
        if (!days.isEmpty() && !quietFrom.isBefore(quietTo)) {
            throw new IllegalArgumentException("office hours must start before they end: " + quietFrom + "-" + quietTo);
        }
    }

    /** "07:00-18:00": quiet on workdays from 07:00 to 18:00. */
    public static ScanWindow officeHours(String text) {
        String[] parts = text.split("-", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("office hours '" + text + "': expected HH:MM-HH:MM, e.g. 07:00-18:00");
        }
        try {
            return new ScanWindow(LocalTime.parse(parts[0].trim()), LocalTime.parse(parts[1].trim()), WORKDAYS);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("office hours '" + text + "': expected HH:MM-HH:MM, e.g. 07:00-18:00");
        }
    }

    /** How long from {@code now} until the scan may go on: zero outside the quiet hours. */
    public Duration waitFrom(ZonedDateTime now) {
        if (days.isEmpty() || !days.contains(now.getDayOfWeek())) {
            return Duration.ZERO;
        }
        LocalTime t = now.toLocalTime();
        if (t.isBefore(quietFrom) || !t.isBefore(quietTo)) {
            return Duration.ZERO;
        }
        ZonedDateTime end = now.with(quietTo);
        return Duration.between(now, end);
    }
}
