package nl.zorgbrug.app.cli.bsn;

import static nl.zorgbrug.app.cli.bsn.Corpus.BSN_LATIN1;
import static nl.zorgbrug.app.cli.bsn.Corpus.BSN_OID;
import static nl.zorgbrug.app.cli.bsn.Corpus.BSN_UTF8;
import static nl.zorgbrug.app.cli.bsn.Corpus.LOCAL_ISSUER;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.app.ZorgbrugCommand;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import picocli.CommandLine;

/**
 * The bsn export and import commands on a corpus the test generates (our writer and pydicom; implicit
 * and explicit little endian, explicit big endian, deflated and JPEG-encapsulated; Latin-1 and UTF-8
 * names), with every output checked by dcmtk's dcmdump and by pydicom reading the values back.
 */
class BsnCommandsInteropTest {
    @TempDir
    Path dir;

    record Cli(int exitCode, String output) {
    }

    static Cli zorgbrug(String... args) {
        StringWriter sw = new StringWriter();
        PrintWriter pw = new PrintWriter(sw);
        int rc = new CommandLine(new ZorgbrugCommand()).setOut(pw).setErr(pw).execute(args);
        pw.flush();
        return new Cli(rc, sw.toString());
    }

    /** One line of pydicom_read.py: the values pydicom reads back. */
    record ReadBack(String file, String transferSyntax, String id, String issuer, String ueid, String ueidType,
                    String name, String others, String original, int pixelBytes) {
        static ReadBack parse(String line) {
            String[] f = line.split("\t", -1);
            assertThat(f).as("pydicom line %s", line).hasSize(10);
            return new ReadBack(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], Integer.parseInt(f[9]));
        }
    }

    List<Path> dicomFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
    }

    /** dcmdump must read each file with exit code 0 and report no error or warning. */
    static void assertDcmdumpAccepts(List<Path> files) throws IOException {
        for (Path f : files) {
            Peers.Run r = Peers.run("dcmdump", "-M", f.toString());
            assertThat(r.exitCode()).as("dcmdump exit code for %s: %s", f, r.stderr()).isZero();
            assertThat(r.stderr()).as("dcmdump diagnostics for %s", f).doesNotContain("E:").doesNotContain("W:");
            assertThat(r.stdout()).as("dcmdump listing of %s", f).doesNotContain("ERROR").doesNotContain("Unknown Tag & Data");
        }
    }

    Map<String, ReadBack> pydicomReads(List<Path> files) throws IOException {
        Path script = Files.exists(dir.resolve("pydicom_read.py")) ? dir.resolve("pydicom_read.py")
                : Peers.script(dir, "pydicom_read.py");
        Peers.Run r = Peers.run(Peers.command(Peers.PYTHON, files, script.toString()).toArray(new String[0]));
        assertThat(r.exitCode()).as("pydicom reading the outputs: %s", r.stderr()).isZero();
        assertThat(r.stderr()).as("pydicom warnings").isEmpty();
        Map<String, ReadBack> byName = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            if (!line.isBlank()) {
                ReadBack rb = ReadBack.parse(line);
                byName.put(Path.of(rb.file()).getFileName().toString(), rb);
            }
        }
        assertThat(byName).as("one line per file").hasSize(files.size());
        return byName;
    }

    static String sha256(Path f) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void exportThenImportOnEveryTransferSyntaxAndCharacterSetPassesDcmdumpAndPydicom() throws IOException {
        Peers.requireDcmdumpAndPydicom();
        Path in = dir.resolve("in");
        Corpus.writeLocalObjects(in);
        Path gen = Peers.script(dir, "pydicom_corpus.py");
        Peers.Run made = Peers.run(Peers.PYTHON, gen.toString(), in.toString(), LOCAL_ISSUER);
        assertThat(made.exitCode()).as("pydicom corpus: %s", made.stderr()).isZero();
        List<Path> inputs = dicomFiles(in);
        assertThat(inputs).hasSize(20);
        Map<Path, String> hashes = new LinkedHashMap<>();
        for (Path p : inputs) {
            hashes.put(p, sha256(p));
        }
        Map<String, ReadBack> original = pydicomReads(inputs);
        Path mpi = dir.resolve("mpi.csv");
        Files.writeString(mpi, Corpus.MPI_CSV, StandardCharsets.UTF_8);

        Path out = dir.resolve("out");
        Cli export = zorgbrug("bsn", "export", "--mpi", mpi.toString(), "--local-issuer", LOCAL_ISSUER,
                "--out", out.toString(), in.toString());
        assertThat(export.exitCode()).as(export.output()).isZero();
        assertThat(export.output()).contains("20 swapped");
        List<Path> exported = dicomFiles(out);
        assertThat(exported).hasSize(20);
        assertDcmdumpAccepts(exported);
        Map<String, ReadBack> afterExport = pydicomReads(exported);
        for (Map.Entry<String, ReadBack> e : afterExport.entrySet()) {
            ReadBack before = original.get(e.getKey());
            ReadBack rb = e.getValue();
            boolean utf8 = e.getKey().contains("utf8");
            String bsn = utf8 ? BSN_UTF8 : BSN_LATIN1;
            String local = utf8 ? "L200" : "L100";
            assertThat(rb.transferSyntax()).as(e.getKey()).isEqualTo(before.transferSyntax());
            assertThat(rb.id()).as(e.getKey()).isEqualTo(bsn);
            assertThat(rb.issuer()).as(e.getKey()).isEqualTo(BSN_OID);
            assertThat(rb.ueid()).as(e.getKey()).isEqualTo(BSN_OID);
            assertThat(rb.ueidType()).as(e.getKey()).isEqualTo("ISO");
            assertThat(rb.name()).as(e.getKey()).isEqualTo(utf8 ? "Øster^Łukasz" : "Müller^Zoë").isEqualTo(before.name());
            assertThat(rb.others()).as(e.getKey()).isEqualTo(local + "@" + LOCAL_ISSUER + "|" + bsn + "@" + BSN_OID);
            assertThat(rb.original()).as(e.getKey()).isEqualTo("COERCE/ZORGBRUG/" + local);
            assertThat(rb.pixelBytes()).as(e.getKey()).isEqualTo(before.pixelBytes());
        }

        // The check agrees: every exported object, ours and pydicom's, is CORRECT; every input had no BSN.
        Cli checkOut = zorgbrug("bsn", "check", "--json", "--local-issuer", LOCAL_ISSUER, out.toString());
        assertThat(checkOut.exitCode()).isZero();
        assertThat(checkOut.output()).contains("\"CORRECT\":{\"count\":20,\"share\":100.0}");
        Cli checkIn = zorgbrug("bsn", "check", "--json", "--local-issuer", LOCAL_ISSUER, in.toString());
        assertThat(checkIn.output()).contains("\"NO_BSN\":{\"count\":20,\"share\":100.0}");

        Path back = dir.resolve("back");
        Cli imp = zorgbrug("bsn", "import", "--mpi", mpi.toString(), "--local-issuer", LOCAL_ISSUER,
                "--out", back.toString(), "--quarantine", dir.resolve("quarantine").toString(), out.toString());
        assertThat(imp.exitCode()).as(imp.output()).isZero();
        List<Path> imported = dicomFiles(back);
        assertThat(imported).hasSize(20);
        assertDcmdumpAccepts(imported);
        for (Map.Entry<String, ReadBack> e : pydicomReads(imported).entrySet()) {
            ReadBack rb = e.getValue();
            boolean utf8 = e.getKey().contains("utf8");
            String bsn = utf8 ? BSN_UTF8 : BSN_LATIN1;
            String local = utf8 ? "L200" : "L100";
            assertThat(rb.id()).as(e.getKey()).isEqualTo(local);
            assertThat(rb.issuer()).as(e.getKey()).isEqualTo(LOCAL_ISSUER);
            assertThat(rb.ueid()).as(e.getKey()).isEqualTo(LOCAL_ISSUER);
            assertThat(rb.name()).as(e.getKey()).isEqualTo(original.get(e.getKey()).name());
            assertThat(rb.others()).as("only extended").isEqualTo(local + "@" + LOCAL_ISSUER + "|" + bsn + "@" + BSN_OID);
            assertThat(rb.original()).as(e.getKey())
                    .isEqualTo("COERCE/ZORGBRUG/" + local + "|COERCE/ZORGBRUG/" + bsn);
            assertThat(rb.pixelBytes()).isEqualTo(original.get(e.getKey()).pixelBytes());
        }
        for (Map.Entry<Path, String> h : hashes.entrySet()) {
            assertThat(sha256(h.getKey())).as("input %s untouched", h.getKey()).isEqualTo(h.getValue());
        }
        assertThat(dir.resolve("quarantine")).doesNotExist();
    }

    @Test
    void importQuarantinesEverythingThatIsNotAValidBsnOfAKnownPatient() throws IOException {
        Peers.requireDcmdumpAndPydicom();
        Path in = dir.resolve("incoming");
        Map<String, String> expected = new LinkedHashMap<>();
        Corpus.write(in.resolve("wrong-issuer.dcm"), Corpus.incoming(false,
                ds -> ds.setString(Tag.IssuerOfPatientID, VR.LO,
                        Corpus.OTHER_ISSUER)), "explicit");
        expected.put("wrong-issuer.dcm", "ISSUER_NOT_BSN");
        Corpus.write(in.resolve("no-issuer.dcm"), Corpus.incoming(true,
                ds -> ds.remove(Tag.IssuerOfPatientID)), "implicit");
        expected.put("no-issuer.dcm", "ISSUER_MISSING");
        Corpus.write(in.resolve("invalid-bsn.dcm"), Corpus.incoming(false,
                ds -> ds.setString(Tag.PatientID, VR.LO,
                        Corpus.NOT_A_BSN)), "bigendian");
        expected.put("invalid-bsn.dcm", "INVALID_BSN");
        Corpus.write(in.resolve("unknown-patient.dcm"), Corpus.incoming(false,
                ds -> ds.setString(Tag.PatientID, VR.LO,
                        Corpus.BSN_UNKNOWN)), "deflated");
        expected.put("unknown-patient.dcm", "NO_LOCAL_PATIENT");
        Corpus.write(in.resolve("other-birth-date.dcm"), Corpus.incoming(true,
                ds -> ds.setString(Tag.PatientBirthDate, VR.DA,
                        "19910303")), "jpeg");
        expected.put("other-birth-date.dcm", "DEMOGRAPHICS_MISMATCH");
        Corpus.write(in.resolve("qualifiers-only.dcm"), Corpus.incoming(true, ds -> {
            ds.remove(Tag.IssuerOfPatientID);
            Corpus.qualifiers(ds, BSN_OID, "ISO");
        }), "explicit");
        Files.writeString(in.resolve("not-dicom.dcm"), "this is no DICOM file");
        expected.put("not-dicom.dcm", "UNREADABLE");
        Map<Path, String> hashes = new LinkedHashMap<>();
        for (Path p : dicomFiles(in)) {
            hashes.put(p, sha256(p));
        }
        Path mpi = dir.resolve("mpi.csv");
        Files.writeString(mpi, Corpus.MPI_CSV, StandardCharsets.UTF_8);
        Path out = dir.resolve("out");
        Path quarantine = dir.resolve("quarantine");

        Cli imp = zorgbrug("bsn", "import", "--mpi", mpi.toString(), "--local-issuer", LOCAL_ISSUER,
                "--out", out.toString(), "--quarantine", quarantine.toString(), in.toString());
        assertThat(imp.exitCode()).as(imp.output()).isEqualTo(1);
        assertThat(imp.output()).doesNotContain(BSN_LATIN1).doesNotContain(BSN_UTF8).doesNotContain(Corpus.BSN_UNKNOWN)
                .doesNotContain(Corpus.NOT_A_BSN);
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Path q = quarantine.resolve(e.getKey());
            assertThat(q).as(e.getKey()).exists();
            assertThat(sha256(q)).as("quarantined unchanged").isEqualTo(sha256(in.resolve(e.getKey())));
            String json = Files.readString(quarantine.resolve(e.getKey() + ".reason.json"));
            assertThat(json).contains("\"reason\":\"" + e.getValue() + "\"").contains("\"message_nl\":")
                    .contains("\"message_en\":").contains("\"operation\":\"import\"");
            assertThat(out.resolve(e.getKey())).doesNotExist();
        }
        // The issuer given only in the qualifiers (type ISO) is accepted.
        assertThat(dicomFiles(out)).extracting(p -> p.getFileName().toString()).containsExactly("qualifiers-only.dcm");
        assertDcmdumpAccepts(dicomFiles(out));
        ReadBack rb = pydicomReads(dicomFiles(out)).get("qualifiers-only.dcm");
        assertThat(rb.id()).isEqualTo("L200");
        assertThat(rb.others()).isEqualTo("X-77@" + Corpus.OTHER_ISSUER + "|" + BSN_UTF8 + "@" + BSN_OID + "|L200@" + LOCAL_ISSUER);
        for (Map.Entry<Path, String> h : hashes.entrySet()) {
            assertThat(sha256(h.getKey())).as("input untouched").isEqualTo(h.getValue());
        }
    }

    @Test
    void importCanRegisterAPendingPatientForAnUnknownBsn() throws IOException {
        Path in = dir.resolve("incoming");
        Corpus.write(in.resolve("new.dcm"), Corpus.incoming(false,
                ds -> ds.setString(Tag.PatientID, VR.LO, Corpus.BSN_UNKNOWN)), "explicit");
        Path mpi = dir.resolve("mpi.csv");
        Files.writeString(mpi, Corpus.MPI_CSV, StandardCharsets.UTF_8);
        Cli imp = zorgbrug("bsn", "import", "--mpi", mpi.toString(), "--local-issuer", LOCAL_ISSUER,
                "--out", dir.resolve("out").toString(), "--quarantine", dir.resolve("q").toString(),
                "--unknown-patient", "REGISTER_PENDING", in.toString());
        assertThat(imp.exitCode()).as(imp.output()).isZero();
        var header = nl.zorgbrug.dicom.io.Part10Reader.readHeader(dir.resolve("out/new.dcm")).dataSet();
        assertThat(header.getString(Tag.PatientID)).isEqualTo("PENDING-000001");
        assertThat(Files.readAllLines(mpi)).last().asString()
                .isEqualTo("PENDING-000001," + LOCAL_ISSUER + "," + Corpus.BSN_UNKNOWN + ",verified,Müller,Zoë,19800101,F");
    }

    @Test
    void aBrokenMpiFileIsReportedWithFileLineAndColumn() throws IOException {
        Path in = dir.resolve("in");
        Corpus.write(in.resolve("a.dcm"), Corpus.local(false), "explicit");
        Path mpi = dir.resolve("mpi.csv");
        Files.writeString(mpi, Corpus.MPI_CSV + "L300," + LOCAL_ISSUER + "," + Corpus.NOT_A_BSN + ",validated,A,B,19700101,F\n");
        Cli export = zorgbrug("bsn", "export", "--mpi", mpi.toString(), "--local-issuer", LOCAL_ISSUER,
                "--out", dir.resolve("out").toString(), in.toString());
        assertThat(export.exitCode()).isEqualTo(2);
        assertThat(export.output()).contains("error: " + mpi + " line 4, column bsn").doesNotContain(Corpus.NOT_A_BSN)
                .doesNotContain("Exception");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    /** Issue 15: two input folders with files of the same name no longer collide in --out. */
    @Test
    void exportOfTwoFoldersKeepsTheirSameNamedFilesApart() throws IOException {
        Path mpi = dir.resolve("mpi.csv");
        Files.writeString(mpi, Corpus.MPI_CSV, StandardCharsets.UTF_8);
        Path one = dir.resolve("one").resolve("data");
        Path two = dir.resolve("two").resolve("data");
        Corpus.write(one.resolve("a.dcm"), Corpus.local(false), "explicit");
        Corpus.write(two.resolve("a.dcm"), Corpus.local(false), "implicit");
        Path out = dir.resolve("out");
        Cli export = zorgbrug("bsn", "export", "--mpi", mpi.toString(), "--local-issuer", LOCAL_ISSUER,
                "--out", out.toString(), one.toString(), two.toString());
        assertThat(export.exitCode()).as(export.output()).isZero();
        assertThat(export.output()).doesNotContain("ERROR");
        assertThat(dicomFiles(out)).extracting(p -> out.relativize(p).toString().replace('\\', '/'))
                .containsExactly("data-2/a.dcm", "data/a.dcm");
    }

    @Test
    void exportNeverOverwritesAnExistingOutput() throws IOException {
        Path in = dir.resolve("in");
        Corpus.write(in.resolve("a.dcm"), Corpus.local(false), "explicit");
        Path mpi = dir.resolve("mpi.csv");
        Files.writeString(mpi, Corpus.MPI_CSV, StandardCharsets.UTF_8);
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("a.dcm"), "precious");
        Cli export = zorgbrug("bsn", "export", "--mpi", mpi.toString(), "--local-issuer", LOCAL_ISSUER,
                "--out", out.toString(), in.toString());
        assertThat(export.exitCode()).isEqualTo(2);
        assertThat(export.output()).contains("never overwritten");
        assertThat(Files.readString(out.resolve("a.dcm"))).isEqualTo("precious");
    }

    @Test
    void checkGivesOneVerdictPerObjectWithMaskedEvidenceAndASummary() throws IOException {
        Path in = dir.resolve("archive");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("correct.dcm", "CORRECT");
        Corpus.write(in.resolve("correct.dcm"), Corpus.incoming(false, ds -> { }), "implicit");
        expected.put("correct-qualifiers.dcm", "CORRECT");
        Corpus.write(in.resolve("correct-qualifiers.dcm"), Corpus.incoming(true, ds -> {
            ds.remove(Tag.IssuerOfPatientID);
            Corpus.qualifiers(ds, BSN_OID, "ISO");
        }), "explicit");
        expected.put("in-sequence.dcm", "BSN_ONLY_IN_OTHER_IDS_SEQUENCE");
        var inSequence = Corpus.local(false);
        Corpus.otherId(inSequence, BSN_LATIN1, BSN_OID);
        Corpus.write(in.resolve("in-sequence.dcm"), inSequence, "bigendian");
        expected.put("retired.dcm", "BSN_ONLY_IN_RETIRED_OTHER_PATIENT_IDS");
        var retired = Corpus.local(true);
        retired.setString(Tag.OtherPatientIDs, VR.LO, "X1", BSN_UTF8);
        Corpus.write(in.resolve("retired.dcm"), retired, "deflated");
        expected.put("without-issuer.dcm", "BSN_WITHOUT_ISSUER");
        Corpus.write(in.resolve("without-issuer.dcm"), Corpus.incoming(false,
                ds -> ds.remove(Tag.IssuerOfPatientID)), "jpeg");
        expected.put("wrong-issuer.dcm", "WRONG_ISSUER");
        Corpus.write(in.resolve("wrong-issuer.dcm"), Corpus.incoming(false,
                ds -> ds.setString(Tag.IssuerOfPatientID, VR.LO,
                        Corpus.OTHER_ISSUER)), "explicit");
        expected.put("invalid.dcm", "INVALID_BSN");
        Corpus.write(in.resolve("invalid.dcm"), Corpus.incoming(false,
                ds -> ds.setString(Tag.PatientID, VR.LO,
                        Corpus.NOT_A_BSN)), "explicit");
        expected.put("no-bsn.dcm", "NO_BSN");
        Corpus.write(in.resolve("no-bsn.dcm"), Corpus.local(true), "implicit");
        expected.put("newborn.dcm", "EXEMPT_NEWBORN");
        var newborn = Corpus.local(false);
        newborn.setString(Tag.PatientBirthDate, VR.DA, "20261120");
        Corpus.write(in.resolve("newborn.dcm"), newborn, "explicit");
        expected.put("temporary.dcm", "EXEMPT_RULE");
        var temporary = Corpus.local(false);
        temporary.setString(Tag.IssuerOfPatientID, VR.LO, Corpus.TEMP_ISSUER);
        Corpus.write(in.resolve("temporary.dcm"), temporary, "explicit");
        expected.put("unknown-name.dcm", "EXEMPT_RULE");
        var unknown = Corpus.local(true);
        unknown.setString(Tag.PatientName, VR.PN, "ONBEKEND^VROUW 12");
        Corpus.write(in.resolve("unknown-name.dcm"), unknown, "explicit");
        Files.writeString(in.resolve("notes.txt"), "not DICOM");

        Cli check = zorgbrug("bsn", "check", "--json", "--local-issuer", LOCAL_ISSUER, "--exempt-issuer", Corpus.TEMP_ISSUER,
                "--exempt-name", "^ONBEKEND", in.toString());
        assertThat(check.exitCode()).as("an unreadable file is reported").isEqualTo(2);
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String line = check.output().lines().filter(l -> l.contains(e.getKey() + "\"")).findFirst().orElseThrow();
            assertThat(line).as(e.getKey()).contains("\"verdict\":\"" + e.getValue() + "\"");
        }
        assertThat(check.output()).contains("notes.txt\",\"error\":");
        assertThat(check.output()).doesNotContain(BSN_LATIN1).doesNotContain(BSN_UTF8).doesNotContain(Corpus.NOT_A_BSN);
        assertThat(check.output()).contains("\"evidence\":[{\"tag\":\"(0010,0024)>(0040,0032)\"");
        // 11 objects, 3 exempt, 2 CORRECT: 2 of 8 non-exempt.
        assertThat(check.output()).contains("{\"summary\":{\"objects\":11,\"unreadable\":1")
                .contains("\"CORRECT\":{\"count\":2,\"share\":18.2}")
                .contains("\"non_exempt\":8,\"correct_share_of_non_exempt\":25.0");

        Cli table = zorgbrug("bsn", "check", "--local-issuer", LOCAL_ISSUER, in.resolve("correct.dcm").toString(),
                in.resolve("no-bsn.dcm").toString());
        assertThat(table.exitCode()).isZero();
        assertThat(table.output()).contains("correct.dcm  CORRECT  (0010,0021)=" + BSN_OID)
                .contains("CORRECT over non-exempt objects: 1 of 2 = 50.0%");
    }
}
