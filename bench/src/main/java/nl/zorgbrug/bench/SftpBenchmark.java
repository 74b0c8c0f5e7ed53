package nl.zorgbrug.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.transport.pkg.PackageManifest;
import nl.zorgbrug.transport.pkg.StudyPackageWriter;
import nl.zorgbrug.transport.sftp.SftpConnection;
import nl.zorgbrug.transport.sftp.SftpEndpoint;
import nl.zorgbrug.transport.sftp.SftpTransport;

/**
 * Issue 21's benchmark: MB/s of one study package (default 1 GiB) uploaded over SFTP on loopback to Debian's OpenSSH
 * server, by our transport (MINA SSHD, {@link SftpTransport#upload}: .part, then rename) against OpenSSH's own
 * {@code sftp} client putting the same ZIP (put, then rename), in the same run, alternating who goes first.
 * Usage: SftpBenchmark WORKDIR [megabytes=1024] [rounds=3]
 */
public final class SftpBenchmark {
    private SftpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]).toAbsolutePath();
        int megabytes = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        deleteTree(work);
        Files.createDirectories(work);
        Path zip = pack(work, megabytes);
        long bytes = Files.size(zip);
        System.out.printf("package: %s, %.1f MB%n", zip.getFileName(), bytes / 1e6);

        Path key = work.resolve("id_ecdsa");
        run("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f", key.toString());
        Path hostKey = work.resolve("host_key");
        run("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f", hostKey.toString());
        Path drop = Files.createDirectories(work.resolve("drop"));
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String user = System.getProperty("user.name");
        Path config = work.resolve("sshd_config");
        Files.write(config, List.of("Port " + port, "ListenAddress 127.0.0.1", "HostKey " + hostKey,
                "PidFile " + work.resolve("sshd.pid"), "AuthorizedKeysFile " + key + ".pub", "StrictModes no",
                "UsePAM no", "PasswordAuthentication no", "PermitRootLogin prohibit-password", "AllowUsers " + user,
                "Subsystem sftp internal-sftp", "ForceCommand internal-sftp"));
        if ("root".equals(user)) {
            Files.createDirectories(Path.of("/run/sshd"));
        }
        Process sshd = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("sshd.log").toFile()).start();
        try {
            Thread.sleep(500);
            String fingerprint = run("ssh-keygen", "-l", "-E", "sha256", "-f", hostKey + ".pub").split("\\s+")[1];
            Path knownHosts = work.resolve("known_hosts");
            Files.writeString(knownHosts, "[127.0.0.1]:" + port + " " + Files.readString(Path.of(hostKey + ".pub")));
            SftpEndpoint to = new SftpEndpoint("127.0.0.1", port, user, fingerprint, key, null, drop.toString());
            List<Double> ours = new ArrayList<>();
            List<Double> openssh = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                boolean oursFirst = round % 2 == 1;
                for (int turn = 0; turn < 2; turn++) {
                    if ((turn == 0) == oursFirst) {
                        long t0 = System.nanoTime();
                        try (SftpConnection c = SftpConnection.open(to, null, Duration.ofSeconds(30))) {
                            SftpTransport.upload(c.sftp(), zip, drop + "/ours.zip");
                        }
                        ours.add(mbps(bytes, System.nanoTime() - t0));
                    } else {
                        Path batch = work.resolve("batch");
                        Files.write(batch, List.of("put " + zip + " " + drop + "/openssh.zip.part",
                                "rename " + drop + "/openssh.zip.part " + drop + "/openssh.zip"));
                        long t0 = System.nanoTime();
                        run("sftp", "-q", "-b", batch.toString(), "-i", key.toString(), "-P", Integer.toString(port),
                                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "StrictHostKeyChecking=yes",
                                user + "@127.0.0.1");
                        openssh.add(mbps(bytes, System.nanoTime() - t0));
                    }
                }
                check(Files.size(drop.resolve("ours.zip")), bytes);
                check(Files.size(drop.resolve("openssh.zip")), bytes);
                Files.delete(drop.resolve("ours.zip"));
                Files.delete(drop.resolve("openssh.zip"));
                System.out.printf("round %d: ours %.1f MB/s, OpenSSH sftp %.1f MB/s%n", round,
                        ours.get(ours.size() - 1), openssh.get(openssh.size() - 1));
            }
            double o = median(ours);
            double p = median(openssh);
            System.out.printf("median of %d rounds: ours %.1f MB/s, OpenSSH sftp %.1f MB/s, ratio %.2f%n", rounds, o, p,
                    o / p);
        } finally {
            sshd.destroy();
        }
    }

    /** A study of 8 MiB CT objects with random pixel data (which no deflate shrinks), packed as the transport does. */
    static Path pack(Path work, int megabytes) throws IOException {
        Path objects = Files.createDirectories(work.resolve("objects"));
        Random random = new Random(21);
        List<Path> files = new ArrayList<>();
        int count = Math.max(1, megabytes / 8);
        byte[] pixels = new byte[8 << 20];
        for (int n = 1; n <= count; n++) {
            random.nextBytes(pixels);
            DataSet ds = new DataSet();
            ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
            ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.2101." + n);
            ds.setString(Tag.PatientID, VR.LO, "999911120");
            ds.setString(Tag.IssuerOfPatientID, VR.LO, "2.16.840.1.113883.2.4.6.3");
            ds.setString(Tag.StudyInstanceUID, VR.UI, "2.25.2101");
            ds.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.2101.0");
            ds.setString(Tag.Modality, VR.CS, "CT");
            ds.setBytes(Tag.PixelData, VR.OW, pixels);
            TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            Path f = objects.resolve(n + ".dcm");
            Part10Writer.write(new DicomFile(null, FileMetaInformation.create("1.2.840.10008.5.1.4.1.1.2",
                    "2.25.2101." + n, ts, "BENCH"), ds, ts, true), f);
            files.add(f);
        }
        Path zip = work.resolve("study.zip");
        StudyPackageWriter.write(new PackageManifest(PackageManifest.FORMAT, new PackageManifest.Party("A", "12345678"),
                new PackageManifest.Party("B", "87654321"), "2.25.2101", null, "999911120", null, null,
                java.time.Instant.now().toString(), List.of()), files, zip);
        deleteTree(objects);
        return zip;
    }

    static double mbps(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    static void check(long actual, long expected) {
        if (actual != expected) {
            throw new IllegalStateException("uploaded " + actual + " bytes, expected " + expected);
        }
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
