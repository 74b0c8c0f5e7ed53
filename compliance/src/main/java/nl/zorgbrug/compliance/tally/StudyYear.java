package nl.zorgbrug.compliance.tally;

import java.time.DateTimeException;
import java.time.LocalDate;

/** The year of a Study Date (0008,0020), a DA "YYYYMMDD" (PS3.5 6.2); anything else is the unknown year. */
public final class StudyYear {
    /** The group of studies whose date is missing or malformed (issue 18, "Bad input"). */
    public static final String UNKNOWN = "unknown";

    private StudyYear() {
    }

    public static String of(String da) {
        if (da == null || da.length() != 8) {
            return UNKNOWN;
        }
        for (int i = 0; i < 8; i++) {
            if (da.charAt(i) < '0' || da.charAt(i) > '9') {
                return UNKNOWN;
            }
        }
        int year = Integer.parseInt(da.substring(0, 4));
        try {
            LocalDate.of(year, Integer.parseInt(da.substring(4, 6)), Integer.parseInt(da.substring(6, 8)));
        } catch (DateTimeException e) {
            return UNKNOWN;
        }
        return Integer.toString(year);
    }
}
