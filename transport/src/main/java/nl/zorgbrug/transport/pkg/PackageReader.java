package nl.zorgbrug.transport.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import nl.zorgbrug.bsn.identity.PatientIdentity;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.transport.pkg.PackageRefusedException.Reason;

/**
 * The inbound side of a study package: unpacks it into a staging folder of its own and verifies it as a whole
 * before anything is handed on — names, entry count and sizes while inflating (a hostile ZIP lies about its
 * sizes), every file against the manifest's size and SHA-256, and every DICOM header against the manifest's study,
 * accession, patient and instance. A package that fails leaves nothing behind: the staging folder is removed.
 */
public final class PackageReader {
    /** PS3.10 8.2: a File ID component is 1-8 characters of A-Z, 0-9 and _. */
    private static final Pattern FILE_ID_COMPONENT = Pattern.compile("[A-Z0-9_]{1,8}");

    private PackageReader() {
    }

    /** A verified package: its manifest and each DICOM file, unpacked, in the manifest's order. */
    public record Verified(PackageManifest manifest, Path folder, List<Path> dicomFiles) {
    }

    /**
     * Unpacks and verifies {@code zip} into {@code staging} (created; must not exist yet).
     *
     * @throws PackageRefusedException the package is refused; {@code staging} no longer exists
     */
    public static Verified unpack(Path zip, Path staging, PackageLimits limits) throws PackageRefusedException,
            IOException {
        Files.createDirectories(staging.getParent());
        Files.createDirectory(staging);
        try {
            return verify(zip, staging, limits);
        } catch (PackageRefusedException | IOException | RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
    }

    private static Verified verify(Path zip, Path staging, PackageLimits limits) throws PackageRefusedException,
            IOException {
        Map<String, Path> unpacked = new LinkedHashMap<>();
        String where = zip.getFileName().toString();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            if (z.size() > limits.maxEntries()) {
                throw new PackageRefusedException(Reason.TOO_MANY_ENTRIES, where + " has " + z.size()
                        + " entries; the node takes at most " + limits.maxEntries() + " in one package"
                        + " (transport.sftp.max-entries); ask the sender to split the study");
            }
            long total = 0;
            for (ZipEntry entry : Collections.list(z.entries())) {
                String name = entry.getName();
                if (entry.isDirectory()) {
                    checkName(where, name.replaceAll("/+$", ""));
                    continue;
                }
                checkName(where, name);
                if (unpacked.containsKey(name)) {
                    throw new PackageRefusedException(Reason.UNSAFE_PATH, where + ": entry " + name + " appears twice");
                }
                Path target = staging.resolve(name).normalize();
                if (!target.startsWith(staging)) {
                    throw new PackageRefusedException(Reason.UNSAFE_PATH, where + ": entry " + name
                            + " would be written outside the package's folder");
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = z.getInputStream(entry); OutputStream out = Files.newOutputStream(target)) {
                    total += copyLimited(where, entry, in, out, limits, total);
                }
                unpacked.put(name, target);
            }
        } catch (ZipException e) {
            throw new PackageRefusedException(Reason.CORRUPT, where + " is not a readable ZIP (" + e.getMessage()
                    + "); truncated or damaged in transit: ask the sender to send it again", e);
        }
        Path manifestFile = unpacked.get(PackageManifest.NAME);
        if (manifestFile == null) {
            throw new PackageRefusedException(Reason.MANIFEST_INVALID, where + " has no " + PackageManifest.NAME);
        }
        PackageManifest manifest;
        try {
            manifest = StudyPackageWriter.JSON.readValue(manifestFile.toFile(), PackageManifest.class);
        } catch (IOException e) {
            throw new PackageRefusedException(Reason.MANIFEST_INVALID, where + ": " + PackageManifest.NAME
                    + " cannot be read as JSON: " + e.getMessage(), e);
        }
        if (!PackageManifest.FORMAT.equals(manifest.format()) || manifest.studyInstanceUid() == null
                || manifest.files().isEmpty()) {
            throw new PackageRefusedException(Reason.MANIFEST_INVALID, where + ": " + PackageManifest.NAME
                    + " is not of format " + PackageManifest.FORMAT + " with a study and its files");
        }
        List<Path> dicom = new ArrayList<>();
        List<String> listed = new ArrayList<>();
        for (PackageManifest.FileEntry f : manifest.files()) {
            listed.add(f.path());
            Path file = unpacked.get(f.path());
            if (file == null) {
                throw new PackageRefusedException(Reason.MANIFEST_FILES_DIFFER, where + ": the manifest lists "
                        + f.path() + " but the package does not hold it");
            }
            checkDigest(where, f, file);
            checkHeader(where, manifest, f, file);
            dicom.add(file);
        }
        for (String name : unpacked.keySet()) {
            if (!name.equals(PackageManifest.NAME) && !name.equals(StudyPackageWriter.DICOMDIR)
                    && !listed.contains(name)) {
                throw new PackageRefusedException(Reason.MANIFEST_FILES_DIFFER, where + ": " + name
                        + " is in the package but not in its manifest");
            }
        }
        return new Verified(manifest, staging, List.copyOf(dicom));
    }

    /** Only the names the package format has: manifest.json, DICOMDIR, and DICOM/ File IDs (PS3.10 8.2). */
    static void checkName(String where, String name) throws PackageRefusedException {
        if (name.equals(PackageManifest.NAME) || name.equals(StudyPackageWriter.DICOMDIR)) {
            return;
        }
        String[] parts = name.split("/", -1);
        boolean ok = parts.length >= 1 && parts.length <= 8 && !name.startsWith("/") && !name.contains("\\")
                && !name.contains(":");
        for (String part : parts) {
            ok &= FILE_ID_COMPONENT.matcher(part).matches();
        }
        if (!ok) {
            throw new PackageRefusedException(Reason.UNSAFE_PATH, where + ": entry '" + printable(name)
                    + "' is not a name of the package format (manifest.json, DICOMDIR, or a File ID of PS3.10 8.2"
                    + " such as DICOM/ST000001/SE000001/IM000001); a name with '..' or an absolute path is never"
                    + " unpacked");
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 120 ? s.substring(0, 120) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /** Copies one entry, counting the bytes as they are inflated against the limits. */
    private static long copyLimited(String where, ZipEntry entry, InputStream in, OutputStream out,
                                    PackageLimits limits, long totalSoFar) throws IOException,
            PackageRefusedException {
        byte[] buf = new byte[64 * 1024];
        long n = 0;
        long compressed = entry.getCompressedSize();
        for (int r; (r = in.read(buf)) > 0; ) {
            n += r;
            if (n > limits.maxEntryBytes() || totalSoFar + n > limits.maxTotalBytes()) {
                throw new PackageRefusedException(Reason.ZIP_BOMB, where + ": entry " + entry.getName()
                        + " unpacks past the node's limit (" + limits.maxEntryBytes() + " bytes an entry, "
                        + limits.maxTotalBytes() + " a package)");
            }
            if (n > PackageLimits.RATIO_FLOOR && (compressed <= 0 || n / compressed > limits.maxRatio())) {
                throw new PackageRefusedException(Reason.ZIP_BOMB, where + ": entry " + entry.getName()
                        + " unpacks to more than " + limits.maxRatio() + " times its compressed size ("
                        + compressed + " bytes): a ZIP bomb, not DICOM");
            }
            out.write(buf, 0, r);
        }
        return n;
    }

    private static void checkDigest(String where, PackageManifest.FileEntry f, Path file) throws IOException,
            PackageRefusedException {
        MessageDigest sha = StudyPackageWriter.sha256();
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int r; (r = in.read(buf)) > 0; ) {
                sha.update(buf, 0, r);
                size += r;
            }
        }
        String hex = HexFormat.of().formatHex(sha.digest());
        if (size != f.size() || !hex.equalsIgnoreCase(String.valueOf(f.sha256()))) {
            throw new PackageRefusedException(Reason.CHECKSUM_MISMATCH, where + ": " + f.path() + " is " + size
                    + " bytes with SHA-256 " + hex + ", the manifest says " + f.size() + " bytes with " + f.sha256());
        }
    }

    private static void checkHeader(String where, PackageManifest m, PackageManifest.FileEntry f, Path file)
            throws PackageRefusedException {
        DicomFile head;
        try {
            head = Part10Reader.read(file, StreamingEditor.HEAD_END);
        } catch (IOException e) {
            throw new PackageRefusedException(Reason.NOT_DICOM, where + ": " + f.path() + " is not a DICOM file: "
                    + e.getMessage(), e);
        }
        DataSet ds = head.dataSet();
        mustEqual(where, f, "Study Instance UID (0020,000D)", m.studyInstanceUid(), ds.getString(Tag.StudyInstanceUID));
        mustEqual(where, f, "SOP Instance UID (0008,0018)", f.sopInstanceUid(), head.sopInstanceUid());
        if (m.accessionNumber() != null) {
            mustEqual(where, f, "Accession Number (0008,0050)", m.accessionNumber(), ds.getString(Tag.AccessionNumber));
        }
        if (m.patientBsn() != null) {
            String inHeader = PatientIdentity.of(ds).bsnInPatientId().map(nl.zorgbrug.bsn.Bsn::value).orElse(null);
            if (!m.patientBsn().equals(inHeader)) {
                // Never a whole BSN in a message (DEVELOPERS.md): the log and the error file carry it.
                throw new PackageRefusedException(Reason.HEADER_MISMATCH, where + ": " + f.path()
                        + " does not carry the manifest's BSN (" + nl.zorgbrug.bsn.Bsn.mask(m.patientBsn())
                        + ") as its Patient ID with the BSN issuer; it has "
                        + (inHeader == null ? "none" : nl.zorgbrug.bsn.Bsn.mask(inHeader)));
            }
        }
    }

    private static void mustEqual(String where, PackageManifest.FileEntry f, String what, String expected,
                                  String actual) throws PackageRefusedException {
        if (!Objects.equals(expected, actual)) {
            throw new PackageRefusedException(Reason.HEADER_MISMATCH, where + ": " + f.path() + " has " + what + " "
                    + actual + ", the manifest says " + expected);
        }
    }

    /** Removes a folder and all under it; quietly, as a clean-up after a refusal. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a staging folder; the next start clears the staging area
        }
    }
}
