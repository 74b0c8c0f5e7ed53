package nl.zorgbrug.compliance.measure;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.YearMonth;
import java.time.temporal.IsoFields;

/**
 * A period of days, both ends included, in the hospital's time zone: a study belongs to the day of its receive time
 * in Europe/Amsterdam, so a study received at 23:30 UTC on Sunday belongs to Monday's ISO week in summer and winter.
 */
public record Period(LocalDate from, LocalDate to) {
    /** The campaign counts in Dutch days and weeks. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");

    public Period {
        if (from == null || to == null || to.isBefore(from)) {
            throw new IllegalArgumentException("a period runs from a day to the same or a later day, not " + from + " to " + to);
        }
    }

    public boolean contains(Instant at) {
        LocalDate day = day(at);
        return !day.isBefore(from) && !day.isAfter(to);
    }

    public static LocalDate day(Instant at) {
        return at.atZone(ZONE).toLocalDate();
    }

    /** The ISO 8601 week (Monday to Sunday) of a day, as "2026-W01"; its year is the week-based year. */
    public static String isoWeek(LocalDate day) {
        return String.format("%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    public static YearMonth month(Instant at) {
        return YearMonth.from(day(at));
    }

    /** The twelve months up to and including {@code last}. */
    public static Period twelveMonthsTo(YearMonth last) {
        return new Period(last.minusMonths(11).atDay(1), last.atEndOfMonth());
    }
}
