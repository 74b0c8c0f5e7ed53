package nl.zorgbrug.app.console;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Times as people read them: in the configured local zone, to the second, with no zone suffix or
 * fraction ({@code 2026-12-06 14:03:27}). Templates call it as {@code ${time.of(instant)}}.
 */
public final class ConsoleTime {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter DICOM_DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE;

    private final ZoneId zone;

    public ConsoleTime(ZoneId zone) {
        this.zone = zone;
    }

    /** The instant in local time to the second; empty for none. */
    public String of(Instant instant) {
        return instant == null ? "" : SECONDS.format(instant.atZone(zone));
    }

    /**
     * A DICOM DA value (YYYYMMDD, PS3.5 Table 6.2-1) as a date people read; a value that is no valid
     * date is shown as it came, so nothing the sender wrote is hidden.
     */
    public String ofDicomDate(String da) {
        if (da == null || da.isBlank()) {
            return "";
        }
        try {
            return DAY.format(LocalDate.parse(da.strip(), DICOM_DATE));
        } catch (DateTimeParseException e) {
            return da;
        }
    }

    public ZoneId zone() {
        return zone;
    }
}
