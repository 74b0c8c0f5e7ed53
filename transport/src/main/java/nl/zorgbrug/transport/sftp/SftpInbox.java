package nl.zorgbrug.transport.sftp;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.sshd.sftp.client.SftpClient;

import nl.zorgbrug.dicom.io.DicomParseException;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.gateway.inbound.Arrival;
import nl.zorgbrug.gateway.inbound.Intake;
import nl.zorgbrug.gateway.inbound.IntakeOutcome;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.transport.pkg.PackageLimits;
import nl.zorgbrug.transport.pkg.PackageReader;
import nl.zorgbrug.transport.pkg.PackageRefusedException;

/**
 * The inbound side of SFTP (issue 21): the node polls each partner's drop folder on an SFTP server — the hospital's
 * own (OpenSSH, a folder per partner, chrooted) or the partner's — rather than running an SSH server itself: the
 * node then listens on nothing new, the SSH accounts, keys and chroots stay in the server hospitals already run and
 * audit, and the same client code serves both directions (docs/transport.md).
 *
 * <p>Per package: <b>claim</b> by renaming {@code x.zip} to {@code x.zip.claimed} (a second poller's rename fails, so
 * one node takes it), <b>fetch</b> into {@code incoming/} (written as {@code .part}, forced to disk, renamed), remove it
 * from the server, then <b>verify</b> the whole package ({@link PackageReader}) and only then hand each object to
 * the intake on the partner's import route (import swap, quarantine). A receipt ({@code x.zip.receipt.json}) or an
 * error file ({@code x.zip.error.txt}) goes back into the drop folder, kept in {@code answers/} until it is there. A
 * refused package is kept in {@code refused/} with its reason. Restart-safe: a package stays in {@code incoming/}
 * until every object was taken, and is handed in again after a crash; the intake takes an object it already has only
 * once (same SOP Instance UID, same bytes).
 */
public final class SftpInbox {
    private static final System.Logger LOG = System.getLogger(SftpInbox.class.getName());
    public static final String CLAIMED = ".claimed";
    public static final String RECEIPT = ".receipt.json";
    public static final String ERROR = ".error.txt";

    private final Settings settings;
    private final Intake intake;

    /**
     * @param dir        the inbox's own folder: per partner incoming/, staging/, refused/
     * @param knownHosts the node's known_hosts for drops without a fingerprint, or null
     */
    public record Settings(Path dir, PackageLimits limits, Path knownHosts, Duration timeout, Clock clock) {
    }

    /**
     * A partner whose packages this node takes.
     *
     * @param key   the partner's address-book key (folder name, calling name "SFTP-key" in the spool)
     * @param drop  where its packages for us arrive
     * @param route the import route its objects take
     */
    public record Partner(String key, SftpEndpoint drop, Route route) {
    }

    /** What became of one package. */
    public sealed interface Result {
        String packageName();

        /** Every object was handed to the intake; the counts are the intake's outcomes. */
        record Imported(String packageName, int joined, int quarantined, List<String> notTaken) implements Result {
        }

        /** Refused as a whole: nothing imported; kept in refused/ with the reason. */
        record Refused(String packageName, PackageRefusedException.Reason reason, String message) implements Result {
        }

        /** The node could not take it now (spool full, database): left in incoming/ for the next pass. */
        record Retry(String packageName, String message) implements Result {
        }
    }

    public SftpInbox(Settings settings, Intake intake) {
        this.settings = settings;
        this.intake = intake;
    }

    /**
     * One pass for a partner: packages left from before (a crash) first, then the drop folder's.
     *
     * @throws IOException the drop could not be reached (the next pass tries again)
     */
    public List<Result> poll(Partner partner) throws IOException {
        Path incoming = Files.createDirectories(folder(partner, "incoming"));
        List<Result> results = new ArrayList<>(takeLocal(partner));
        try (SftpConnection c = SftpConnection.open(partner.drop(), settings.knownHosts(), settings.timeout())) {
            SftpClient sftp = c.sftp();
            sendAnswers(sftp, partner);
            for (String name : listPackages(sftp, partner.drop())) {
                String remote = SftpTransport.remote(partner.drop(), name);
                String claimed = name.endsWith(CLAIMED) ? remote : remote + CLAIMED;
                if (!name.endsWith(CLAIMED)) {
                    try {
                        sftp.rename(remote, claimed);
                    } catch (IOException e) {
                        continue; // another poller claimed it first
                    }
                }
                String packageName = name.endsWith(CLAIMED) ? name.substring(0, name.length() - CLAIMED.length()) : name;
                Path local = incoming.resolve(packageName);
                fetch(sftp, claimed, local);
                sftp.remove(claimed);
                results.add(take(partner, local));
                sendAnswers(sftp, partner);
            }
        }
        return results;
    }

    /** The drop folder's packages (and ones this node claimed before a crash), never one still uploading. */
    private static List<String> listPackages(SftpClient sftp, SftpEndpoint drop) throws IOException {
        List<String> names = new ArrayList<>();
        for (SftpClient.DirEntry e : sftp.readDir(drop.folder())) {
            String n = e.getFilename();
            if (e.getAttributes().isRegularFile() && (n.endsWith(".zip") || n.endsWith(".zip" + CLAIMED))) {
                names.add(n);
            }
        }
        names.sort(null);
        return names;
    }

    private static void fetch(SftpClient sftp, String remote, Path local) throws IOException {
        Path part = local.resolveSibling(local.getFileName() + ".part");
        try (InputStream in = sftp.read(remote); OutputStream out = Files.newOutputStream(part)) {
            in.transferTo(out);
        }
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(part, local, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Packages fetched before and not yet taken (the node stopped in between): handed in again. */
    public List<Result> takeLocal(Partner partner) throws IOException {
        Path incoming = Files.createDirectories(folder(partner, "incoming"));
        List<Path> left;
        try (Stream<Path> s = Files.list(incoming)) {
            left = s.filter(p -> p.getFileName().toString().endsWith(".zip")).sorted().toList();
        }
        List<Result> results = new ArrayList<>();
        for (Path p : left) {
            results.add(take(partner, p));
        }
        return results;
    }

    /** Verifies the fetched package and hands its objects to the intake; the package leaves incoming/ when done. */
    Result take(Partner partner, Path zip) throws IOException {
        String name = zip.getFileName().toString();
        Path staging = folder(partner, "staging").resolve(name);
        PackageReader.deleteTree(staging);
        PackageReader.Verified verified;
        try {
            verified = PackageReader.unpack(zip, staging, settings.limits());
        } catch (PackageRefusedException e) {
            Result.Refused result = new Result.Refused(name, e.reason(), e.getMessage());
            keepAnswer(partner, result);
            Path refused = Files.createDirectories(folder(partner, "refused"));
            Files.move(zip, refused.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(refused.resolve(name + ".reason.txt"), e.getMessage() + System.lineSeparator());
            LOG.log(System.Logger.Level.WARNING, "SFTP package " + name + " from " + partner.key()
                    + " refused, nothing imported (kept in " + refused + "): " + e.getMessage());
            return result;
        }
        try {
            int joined = 0;
            int quarantined = 0;
            List<String> notTaken = new ArrayList<>();
            for (Path file : verified.dicomFiles()) {
                IntakeOutcome outcome = handIn(partner, file);
                if (outcome instanceof IntakeOutcome.JoinedJob) {
                    joined++;
                } else if (outcome instanceof IntakeOutcome.Quarantined) {
                    quarantined++;
                } else if (outcome instanceof IntakeOutcome.SpoolFull || outcome instanceof IntakeOutcome.NotRecorded
                        || outcome instanceof IntakeOutcome.Failed) {
                    // A fault of this node: the package stays in incoming/ and goes again; what was taken is not
                    // taken twice.
                    return new Result.Retry(name, file.getFileName() + ": " + outcome);
                } else {
                    notTaken.add(staging.relativize(file) + ": " + outcome);
                }
            }
            Result.Imported result = new Result.Imported(name, joined, quarantined, notTaken);
            keepAnswer(partner, result);
            Files.delete(zip);
            return result;
        } finally {
            PackageReader.deleteTree(staging);
        }
    }

    private IntakeOutcome handIn(Partner partner, Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            Part10Reader.Opened opened = Part10Reader.open(in, file.toString(), Files.size(file));
            return intake.receive(partner.route(), new Arrival(
                    opened.fileMeta().getString(nl.zorgbrug.dicom.data.Tag.MediaStorageSOPClassUID),
                    opened.fileMeta().getString(nl.zorgbrug.dicom.data.Tag.MediaStorageSOPInstanceUID),
                    opened.transferSyntax(), "SFTP-" + partner.key()), opened.input().asInputStream());
        } catch (DicomParseException e) {
            return new IntakeOutcome.Unreadable(e.getMessage());
        }
    }

    /**
     * The receipt or the error file, kept in answers/ before the package leaves incoming/: a package taken again
     * after a crash, or taken while the drop could not be reached, still gets its answer at the next connection
     * ({@link #sendAnswers}); the partner's job waits for it (receipt-timeout).
     */
    private void keepAnswer(Partner partner, Result r) throws IOException {
        byte[] bytes;
        String suffix;
        if (r instanceof Result.Imported i) {
            Map<String, Object> receipt = new LinkedHashMap<>();
            receipt.put("package", i.packageName());
            receipt.put("received", settings.clock().instant().toString());
            receipt.put("imported", i.joined());
            receipt.put("quarantined", i.quarantined());
            receipt.put("notTaken", i.notTaken());
            bytes = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(receipt);
            suffix = RECEIPT;
        } else if (r instanceof Result.Refused f) {
            bytes = (f.message() + "\n").getBytes(StandardCharsets.UTF_8);
            suffix = ERROR;
        } else {
            return;
        }
        Path answers = Files.createDirectories(folder(partner, "answers"));
        Path part = answers.resolve(r.packageName() + suffix + SftpTransport.PART);
        Files.write(part, bytes);
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(part, answers.resolve(r.packageName() + suffix), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** The answers not yet sent, into the drop folder beside where their packages were; each removed once there. */
    private void sendAnswers(SftpClient sftp, Partner partner) throws IOException {
        Path answers = folder(partner, "answers");
        if (!Files.isDirectory(answers)) {
            return;
        }
        List<Path> waiting;
        try (Stream<Path> s = Files.list(answers)) {
            waiting = s.filter(p -> !p.getFileName().toString().endsWith(SftpTransport.PART)).sorted().toList();
        }
        for (Path answer : waiting) {
            write(sftp, SftpTransport.remote(partner.drop(), answer.getFileName().toString()), Files.readAllBytes(answer));
            Files.delete(answer);
        }
    }

    private static void write(SftpClient sftp, String path, byte[] bytes) throws IOException {
        try (OutputStream out = sftp.write(path + SftpTransport.PART)) {
            out.write(bytes);
        }
        try {
            sftp.remove(path);
        } catch (IOException ignored) {
            // none there yet
        }
        sftp.rename(path + SftpTransport.PART, path);
    }

    private Path folder(Partner partner, String what) {
        return settings.dir().resolve(partner.key()).resolve(what);
    }
}
