package nl.zorgbrug.compliance.tally;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * The study dates a scan counts ({@code --from}/{@code --to}, both inclusive, either open). With a period, an object
 * whose study date is missing or malformed cannot be placed in it and is left out like one outside it.
 */
public record StudyPeriod(LocalDate from, LocalDate to) {
    public static final StudyPeriod ALL = new StudyPeriod(null, null);

    public StudyPeriod {
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("the period starts (" + from + ") after it ends (" + to + ")");
        }
    }

    public boolean unbounded() {
        return from == null && to == null;
    }

    public boolean contains(String da) {
        if (unbounded()) {
            return true;
        }
        if (StudyYear.UNKNOWN.equals(StudyYear.of(da))) {
            return false;
        }
        LocalDate d = LocalDate.parse(da, DateTimeFormatter.BASIC_ISO_DATE);
        return (from == null || !d.isBefore(from)) && (to == null || !d.isAfter(to));
    }

    /** As a C-FIND Study Date range matching key (PS3.4 C.2.2.2.5): "from-to", "from-", "-to", or empty. */
    public String dicomRange() {
        if (unbounded()) {
            return "";
        }
        return (from == null ? "" : from.format(DateTimeFormatter.BASIC_ISO_DATE)) + "-"
                + (to == null ? "" : to.format(DateTimeFormatter.BASIC_ISO_DATE));
    }
}
