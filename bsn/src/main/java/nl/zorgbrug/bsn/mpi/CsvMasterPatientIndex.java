package nl.zorgbrug.bsn.mpi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.csv.Csv;

/**
 * A master patient index kept in a UTF-8 CSV file (RFC 4180 quoting, read by {@link Csv}) with the header
 * {@code local_id,local_issuer,bsn,bsn_status,family_name,given_name,birth_date,sex}, columns in any order.
 * For trials and small sites; a hospital connects its real MPI through {@link MasterPatientIndex}.
 * Registered pending patients are appended to the file, so they survive a restart.
 */
public final class CsvMasterPatientIndex implements MasterPatientIndex {
    public static final List<String> COLUMNS =
            List.of("local_id", "local_issuer", "bsn", "bsn_status", "family_name", "given_name", "birth_date", "sex");

    private final Path file;
    private final List<MpiPatient> patients;

    private CsvMasterPatientIndex(Path file, List<MpiPatient> patients) {
        this.file = file;
        this.patients = patients;
    }

    public static CsvMasterPatientIndex load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return new CsvMasterPatientIndex(file, parse(lines, file.toString()));
    }

    /** Parses CSV lines; {@code source} names the input in error messages. */
    static List<MpiPatient> parse(List<String> lines, String source) {
        if (lines.isEmpty()) {
            throw new MpiFormatException(source + ": empty; expected the header line " + String.join(",", COLUMNS));
        }
        List<String> header = splitCsv(stripBom(lines.get(0)), source, 1);
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            col.put(header.get(i).trim().toLowerCase(java.util.Locale.ROOT), i);
        }
        for (String c : COLUMNS) {
            if (!col.containsKey(c)) {
                throw new MpiFormatException(source + " line 1: column '" + c + "' missing; the header must name "
                        + String.join(",", COLUMNS));
            }
        }
        List<MpiPatient> out = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) {
                continue;
            }
            List<String> f = splitCsv(line, source, n + 1);
            if (f.size() != header.size()) {
                throw new MpiFormatException(source + " line " + (n + 1) + ": " + f.size() + " fields, the header has "
                        + header.size());
            }
            out.add(row(f, col, source, n + 1));
        }
        return out;
    }

    private static MpiPatient row(List<String> f, Map<String, Integer> col, String source, int line) {
        String where = source + " line " + line;
        String localId = field(f, col, "local_id");
        String issuer = field(f, col, "local_issuer");
        if (localId == null || issuer == null) {
            throw new MpiFormatException(where + ": local_id and local_issuer are required");
        }
        if (localId.length() > 64 || issuer.length() > 64) {
            // Both are written into LO attributes, (0010,0020) and (0010,0021): at most 64 characters (PS3.5 6.2).
            throw new MpiFormatException(where + ", column " + (localId.length() > 64 ? "local_id" : "local_issuer")
                    + ": longer than the 64 characters a DICOM Patient ID or Issuer of Patient ID can hold");
        }
        String statusText = field(f, col, "bsn_status");
        BsnStatus status = BsnStatus.parse(statusText == null ? "" : statusText);
        if (status == null) {
            throw new MpiFormatException(where + ", column bsn_status: '" + statusText
                    + "' is not one of " + BsnStatus.spellings() + " (Wabvpz: verified = checked against the BSN register"
                    + " through the SBV-Z, validated = identified with an identity document)");
        }
        String bsnText = field(f, col, "bsn");
        Bsn bsn = null;
        if (bsnText != null) {
            // An MPI BSN failing the 11-proof is an MPI error: stop rather than export a wrong number.
            bsn = Bsn.tryParse(bsnText).orElseThrow(() -> new MpiFormatException(where + ", column bsn: "
                    + Bsn.mask(bsnText) + " is not a valid BSN (9 digits, 11-proof); correct the MPI"));
        } else if (status != BsnStatus.NONE) {
            throw new MpiFormatException(where + ": bsn_status is " + status.csv() + " but the bsn column is empty");
        }
        String birth = field(f, col, "birth_date");
        if (birth != null && !birth.matches("\\d{8}")) {
            throw new MpiFormatException(where + ", column birth_date: '" + birth + "' is not a date YYYYMMDD");
        }
        return new MpiPatient(localId, issuer, bsn, status, field(f, col, "family_name"), field(f, col, "given_name"),
                birth, field(f, col, "sex"));
    }

    private static String field(List<String> f, Map<String, Integer> col, String name) {
        String v = f.get(col.get(name)).trim();
        return v.isEmpty() ? null : v;
    }

    private static String stripBom(String s) {
        return Csv.withoutBom(s);
    }

    private static List<String> splitCsv(String line, String source, int lineNo) {
        try {
            return Csv.fields(line);
        } catch (Csv.CsvFormatException e) {
            throw new MpiFormatException(source + " line " + lineNo + ", " + e.getMessage());
        }
    }

    public List<MpiPatient> patients() {
        synchronized (patients) {
            return List.copyOf(patients);
        }
    }

    @Override
    public Optional<MpiPatient> byLocalId(String localId, String localIssuer) {
        synchronized (patients) {
            return patients.stream()
                    .filter(p -> p.localId().equals(localId) && p.localIssuer().equals(localIssuer))
                    .findFirst();
        }
    }

    @Override
    public List<MpiPatient> byBsn(Bsn bsn, String localIssuer) {
        synchronized (patients) {
            return patients.stream().filter(p -> bsn.equals(p.bsn()) && p.localIssuer().equals(localIssuer)).toList();
        }
    }

    @Override
    public MpiPatient registerPending(Bsn bsn, String localIssuer, String familyName, String givenName,
                                      String birthDate, String sex) {
        synchronized (patients) {
            int n = 1;
            while (byLocalId(String.format("PENDING-%06d", n), localIssuer).isPresent()) {
                n++;
            }
            MpiPatient p = new MpiPatient(String.format("PENDING-%06d", n), localIssuer, bsn,
                    BsnStatus.receivedFromAnotherInstitution(),
                    familyName, givenName, birthDate, sex);
            if (file != null) {
                try {
                    Files.writeString(file, (endsWithNewline(file) ? "" : "\n") + toCsv(p) + "\n",
                            StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("could not append the pending patient to " + file
                            + "; check that the MPI file is writable", e);
                }
            }
            patients.add(p);
            return p;
        }
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file)) {
            if (ch.size() == 0) {
                return true;
            }
            java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
            ch.position(ch.size() - 1).read(last);
            return last.get(0) == '\n';
        }
    }

    static String toCsv(MpiPatient p) {
        return String.join(",", Arrays.asList(q(p.localId()), q(p.localIssuer()), q(p.bsn() == null ? "" : p.bsn().value()),
                p.bsnStatus().csv(), q(p.familyName()), q(p.givenName()), q(p.birthDate()), q(p.sex())));
    }

    private static String q(String s) {
        return Csv.quote(s);
    }

    /** An index in memory, not backed by a file (tests, the gateway's fixtures). */
    public static CsvMasterPatientIndex inMemory(List<MpiPatient> patients) {
        return new CsvMasterPatientIndex(null, new ArrayList<>(patients));
    }
}
