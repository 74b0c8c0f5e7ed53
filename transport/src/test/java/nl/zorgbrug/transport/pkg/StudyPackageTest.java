package nl.zorgbrug.transport.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.transport.TestStudies;
import nl.zorgbrug.transport.pkg.PackageRefusedException.Reason;

class StudyPackageTest {
    @TempDir
    Path tmp;

    @Test
    void aStudyIsPackedAndVerifiedByteForByteWithItsDicomdir() throws Exception {
        List<Path> files = TestStudies.study(tmp.resolve("in"), "2.25.4201", 5, 2, 4096);
        Path zip = tmp.resolve("p.zip");
        PackageManifest written = StudyPackageWriter.write(TestStudies.manifest("2.25.4201"), files, zip);
        assertThat(written.files()).hasSize(5);

        PackageReader.Verified v = PackageReader.unpack(zip, tmp.resolve("staging"), PackageLimits.defaults());
        assertThat(v.manifest()).isEqualTo(written);
        assertThat(v.manifest().patientBsn()).isEqualTo(TestStudies.BSN);
        assertThat(v.manifest().referralReason()).isEqualTo("second opinion");
        for (int i = 0; i < files.size(); i++) {
            assertThat(Files.readAllBytes(v.dicomFiles().get(i))).isEqualTo(Files.readAllBytes(files.get(i)));
        }
        DicomdirCheck.check(v.folder().resolve("DICOMDIR"), written);
    }

    @Test
    void aChecksumThatDoesNotMatchRefusesThePackageAndLeavesNothing() throws Exception {
        List<Path> files = TestStudies.study(tmp.resolve("in"), "2.25.4202", 2, 1, 512);
        Path zip = tmp.resolve("p.zip");
        PackageManifest written = StudyPackageWriter.write(TestStudies.manifest("2.25.4202"), files, zip);
        PackageManifest.FileEntry f = written.files().get(1);
        List<PackageManifest.FileEntry> wrong = new ArrayList<>(written.files());
        wrong.set(1, new PackageManifest.FileEntry(f.path(), f.size(), "00" + f.sha256().substring(2), f.sopInstanceUid()));
        Path tampered = rewriteManifest(zip, written.withFiles(wrong));
        Path staging = tmp.resolve("staging");
        assertThatThrownBy(() -> PackageReader.unpack(tampered, staging, PackageLimits.defaults()))
                .isInstanceOfSatisfying(PackageRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.CHECKSUM_MISMATCH);
                    assertThat(e.getMessage()).contains(f.path());
                });
        assertThat(staging).doesNotExist();
    }

    @Test
    void aManifestNamingAnotherAccessionOrPatientIsAHeaderMismatch() throws Exception {
        List<Path> files = TestStudies.study(tmp.resolve("in"), "2.25.4203", 1, 1, 512);
        Path zip = tmp.resolve("p.zip");
        PackageManifest w = StudyPackageWriter.write(TestStudies.manifest("2.25.4203"), files, zip);
        PackageManifest otherAccession = new PackageManifest(w.format(), w.sender(), w.receiver(), w.studyInstanceUid(),
                "ACC43", w.patientBsn(), null, null, w.created(), w.files());
        assertThatThrownBy(() -> PackageReader.unpack(rewriteManifest(zip, otherAccession), tmp.resolve("s1"),
                PackageLimits.defaults())).hasMessageContaining("HEADER_MISMATCH").hasMessageContaining("ACC43");
        PackageManifest otherPatient = new PackageManifest(w.format(), w.sender(), w.receiver(), w.studyInstanceUid(),
                w.accessionNumber(), "111222333", null, null, w.created(), w.files());
        assertThatThrownBy(() -> PackageReader.unpack(rewriteManifest(zip, otherPatient), tmp.resolve("s2"),
                PackageLimits.defaults())).hasMessageContaining("HEADER_MISMATCH")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("111222333").doesNotContain(TestStudies.BSN));
    }

    @Test
    void pathTraversalIsRefusedAndNothingIsWrittenOutside() throws Exception {
        Path zip = tmp.resolve("evil.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("../../escaped.txt"));
            out.write("owned".getBytes());
            out.closeEntry();
        }
        Path staging = tmp.resolve("a/b/staging");
        assertThatThrownBy(() -> PackageReader.unpack(zip, staging, PackageLimits.defaults()))
                .isInstanceOfSatisfying(PackageRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNSAFE_PATH));
        assertThat(tmp.resolve("escaped.txt")).doesNotExist();
        assertThat(tmp.resolve("a/escaped.txt")).doesNotExist();
        assertThat(staging).doesNotExist();
    }

    @Test
    void aZipBombIsRefusedByItsRatioWhileInflating() throws Exception {
        Path zip = tmp.resolve("bomb.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("DICOM/ST000001/SE000001/IM000001"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                out.write(zeros);
            }
            out.closeEntry();
        }
        assertThat(Files.size(zip)).isLessThan(1 << 20);
        assertThatThrownBy(() -> PackageReader.unpack(zip, tmp.resolve("s"), PackageLimits.defaults()))
                .isInstanceOfSatisfying(PackageRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.ZIP_BOMB));
        assertThat(tmp.resolve("s")).doesNotExist();
    }

    @Test
    void aPackageLargerThanTheLimitIsRefusedWhateverItDeclares() throws Exception {
        List<Path> files = TestStudies.study(tmp.resolve("in"), "2.25.4204", 3, 1, 1 << 20);
        Path zip = tmp.resolve("p.zip");
        StudyPackageWriter.write(TestStudies.manifest("2.25.4204"), files, zip);
        PackageLimits small = new PackageLimits(100, 4L << 20, 2L << 20, 100);
        assertThatThrownBy(() -> PackageReader.unpack(zip, tmp.resolve("s"), small))
                .hasMessageStartingWith("ZIP_BOMB");
    }

    @Test
    void aFiftyThousandFileZipIsRefusedBeforeAnythingIsUnpacked() throws Exception {
        Path zip = tmp.resolve("many.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.setLevel(0);
            for (int i = 0; i < 50_000; i++) {
                out.putNextEntry(new ZipEntry(String.format("DICOM/ST000001/SE%06d/IM%06d", i / 1000, i)));
                out.closeEntry();
            }
        }
        Path staging = tmp.resolve("s");
        assertThatThrownBy(() -> PackageReader.unpack(zip, staging, PackageLimits.defaults()))
                .isInstanceOfSatisfying(PackageRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_ENTRIES);
                    assertThat(e.getMessage()).contains("50000 entries");
                });
        assertThat(staging).doesNotExist();
    }

    @Test
    void aTruncatedPackageIsCorrupt() throws Exception {
        List<Path> files = TestStudies.study(tmp.resolve("in"), "2.25.4205", 2, 1, 8192);
        Path zip = tmp.resolve("p.zip");
        StudyPackageWriter.write(TestStudies.manifest("2.25.4205"), files, zip);
        byte[] all = Files.readAllBytes(zip);
        Path cut = tmp.resolve("cut.zip");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        assertThatThrownBy(() -> PackageReader.unpack(cut, tmp.resolve("s"), PackageLimits.defaults()))
                .hasMessageStartingWith("CORRUPT");
    }

    @Test
    void aFileTheManifestDoesNotListIsRefused() throws Exception {
        List<Path> files = TestStudies.study(tmp.resolve("in"), "2.25.4206", 2, 1, 512);
        Path zip = tmp.resolve("p.zip");
        PackageManifest w = StudyPackageWriter.write(TestStudies.manifest("2.25.4206"), files, zip);
        Path fewer = rewriteManifest(zip, w.withFiles(w.files().subList(0, 1)));
        assertThatThrownBy(() -> PackageReader.unpack(fewer, tmp.resolve("s"), PackageLimits.defaults()))
                .hasMessageStartingWith("MANIFEST_FILES_DIFFER").hasMessageContaining(w.files().get(1).path());
    }

    /** A copy of the package with another manifest.json. */
    Path rewriteManifest(Path zip, PackageManifest manifest) throws IOException {
        Path copy = Files.createTempFile(tmp, "rewritten", ".zip");
        try (ZipFile in = new ZipFile(zip.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals(PackageManifest.NAME)) {
                    out.write(StudyPackageWriter.JSON.writeValueAsBytes(manifest));
                } else {
                    in.getInputStream(e).transferTo(out);
                }
                out.closeEntry();
            }
        }
        return copy;
    }

    static void writeTo(OutputStream out, byte[] b) throws IOException {
        out.write(b);
    }
}
