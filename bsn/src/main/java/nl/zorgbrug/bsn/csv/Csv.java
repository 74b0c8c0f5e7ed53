package nl.zorgbrug.bsn.csv;

import java.util.ArrayList;
import java.util.List;

/**
 * The one CSV reader and writer of the node (RFC 4180): the MPI file and the address book both use it,
 * so a quoting rule is fixed once. Fields are returned as written (untrimmed); the caller decides what a
 * blank field means. Records are one line each: neither file holds line breaks inside a field.
 *
 * <p>It lives in {@code bsn} because that is the lowest module both readers sit on ({@code bsn.mpi} and
 * {@code gateway.addressbook}); the {@code dicom} module is the DICOM toolkit and holds nothing but DICOM.
 */
public final class Csv {
    private Csv() {
    }

    /**
     * The fields of one line: commas separate, double quotes enclose, {@code ""} inside quotes is a quote.
     *
     * @throws CsvFormatException when a quoted field is not closed, naming the column where the line ends
     */
    public static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new CsvFormatException("column " + (line.length() + 1) + ": quoted field not closed");
        }
        out.add(cur.toString());
        return out;
    }

    /** A field as written: empty for null, quoted when it holds a comma, a quote or a line break. */
    public static String quote(String value) {
        if (value == null) {
            return "";
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    /** A line without the UTF-8 byte order mark that spreadsheet programs write before the header. */
    public static String withoutBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    /** A line that is not CSV; the caller adds the file and line number. */
    public static final class CsvFormatException extends IllegalArgumentException {
        CsvFormatException(String message) {
            super(message);
        }
    }
}
