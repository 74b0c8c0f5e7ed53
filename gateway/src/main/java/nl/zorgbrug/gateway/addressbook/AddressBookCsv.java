package nl.zorgbrug.gateway.addressbook;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

import nl.zorgbrug.bsn.csv.Csv;

/**
 * CSV import and export of the address book, RFC 4180 quoting, with a header line:
 * {@value #HEADER}. Import reports every bad line with its number and field, and imports nothing
 * when any line is bad (an address book half-imported is worse than none). Files in the older layout
 * without the last two columns ({@value #HEADER_V1}) are still read, as entries without storage
 * commitment and without a bound certificate subject.
 */
public final class AddressBookCsv {
    public static final String HEADER_V1 = "key,name,ura,agb,patient_id_issuer_oid,ae_title,host,port,tls,stow_rs_url,email,phone";
    public static final String HEADER = HEADER_V1 + ",storage_commitment,certificate_subject";

    private AddressBookCsv() {
    }

    public static String export(List<Institution> institutions) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Institution i : institutions) {
            String[] f = {i.key(), i.name(), i.ura(), i.agb(), i.patientIdIssuerOid(), i.aeTitle(), i.host(),
                    i.port() == 0 ? "" : Integer.toString(i.port()), Boolean.toString(i.tls()), i.stowRsUrl(), i.email(), i.phone(),
                    Boolean.toString(i.storageCommitment()), i.certificateSubject()};
            for (int k = 0; k < f.length; k++) {
                if (k > 0) {
                    sb.append(',');
                }
                sb.append(quote(f[k]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    public static List<Institution> parse(Reader reader, String source) throws IOException {
        BufferedReader in = new BufferedReader(reader);
        String header = in.readLine();
        String h = header == null ? null : header.trim().replace("\uFEFF", "");
        if (h == null || !(h.equals(HEADER) || h.equals(HEADER_V1))) {
            throw new IllegalArgumentException(source + " line 1: expected the header '" + HEADER + "'");
        }
        int columns = h.equals(HEADER) ? 14 : 12;
        List<Institution> out = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        String line;
        int number = 1;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            List<String> f;
            try {
                f = fields(line);
            } catch (Csv.CsvFormatException e) {
                errors.add(source + " line " + number + ", " + e.getMessage());
                continue;
            }
            if (f.size() != columns) {
                errors.add(source + " line " + number + ": " + f.size() + " fields, expected " + columns);
                continue;
            }
            int port;
            try {
                port = f.get(7).isEmpty() ? 0 : Integer.parseInt(f.get(7));
            } catch (NumberFormatException e) {
                errors.add(source + " line " + number + ": port '" + f.get(7) + "' is not a number");
                continue;
            }
            Institution i = new Institution(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5), f.get(6), port,
                    Boolean.parseBoolean(f.get(8)), f.get(9), f.get(10), f.get(11),
                    columns == 14 && Boolean.parseBoolean(f.get(12)), columns == 14 && !f.get(13).isEmpty() ? f.get(13) : null);
            for (String p : i.problems()) {
                errors.add(source + " line " + number + ": " + p);
            }
            out.add(i);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("nothing imported; fix these lines: " + String.join("; ", errors));
        }
        return out;
    }

    /** The fields of a line, trimmed; an unclosed quote is reported like any other bad line. */
    static List<String> fields(String line) {
        return Csv.fields(line).stream().map(String::trim).toList();
    }

    private static String quote(String s) {
        return Csv.quote(s);
    }
}
