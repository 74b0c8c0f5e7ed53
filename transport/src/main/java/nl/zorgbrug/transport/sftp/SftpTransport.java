package nl.zorgbrug.transport.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

import nl.zorgbrug.bsn.identity.PatientIdentity;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.delivery.Outcome;
import nl.zorgbrug.gateway.delivery.Shipment;
import nl.zorgbrug.gateway.delivery.Transport;
import nl.zorgbrug.gateway.job.Failure;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.transport.pkg.PackageManifest;
import nl.zorgbrug.transport.pkg.PackageReader;
import nl.zorgbrug.transport.pkg.ShipmentObjects;
import nl.zorgbrug.transport.pkg.StudyPackageWriter;

/**
 * Delivers a job's study as one package (ZIP, DICOMDIR, manifest; {@link StudyPackageWriter}) to the partner's SFTP
 * drop: the objects after the route's edits (the export swap), uploaded under a temporary name ({@code .part}) and
 * renamed into place once complete, so the partner never takes a half-written package. The job is DONE when the rename
 * succeeded, or, for a partner that writes receipts, when its receipt came ({@link ReceiptWatch}). The name is the job's ({@code zb-<job>-<study>.zip}), so a retry after a crash replaces the same
 * package, and the receiver's intake takes an object it already has only once.
 *
 * <p>Failures: an unreachable server or a broken transfer is transient (the job's automatic retry); a host key that
 * is not the address book's, or credentials the server refuses, are permanent, with the reason.
 */
public final class SftpTransport implements Transport<SftpEndpoint> {
    /** The suffix of a package still being uploaded; a receiver never takes it. */
    public static final String PART = ".part";
    /** Bytes per SFTP write request of an upload. */
    static final int UPLOAD_BUFFER = 128 * 1024;

    private final Settings settings;

    /**
     * @param workDir    where a job's edited objects and package wait for the upload, removed after it
     * @param self       this node's institution as the manifest names the sender
     * @param knownHosts the node's known_hosts file (OpenSSH format) for entries without a fingerprint, or null
     * @param timeout    for connecting, authenticating and each SFTP request
     * @param receipts   waits for the receipts of partners that write them ({@link SftpEndpoint#receiptTimeout}); the
     *                   node always has one; null only where no drop asks for receipts (a job to one that does fails)
     */
    public record Settings(Path workDir, PackageManifest.Party self, Path knownHosts, Duration timeout, Clock clock,
                           ReceiptWatch receipts) {
    }

    public SftpTransport(Settings settings) throws IOException {
        this.settings = settings;
        Files.createDirectories(settings.workDir());
    }

    @Override
    public nl.zorgbrug.gateway.job.Channel channel() {
        return nl.zorgbrug.gateway.job.Channel.SFTP;
    }

    @Override
    public Class<SftpEndpoint> endpointType() {
        return SftpEndpoint.class;
    }

    @Override
    public Outcome send(Shipment shipment, SftpEndpoint to) throws IOException {
        Job job = shipment.job();
        if (shipment.handingBack()) {
            // The node is draining (issue 22): nothing was sent yet; another node sends the package.
            return new Outcome.HandedBack();
        }
        Path jobDir = settings.workDir().resolve("job-" + job.id());
        PackageReader.deleteTree(jobDir);
        Files.createDirectories(jobDir);
        try {
            ShipmentObjects.Read read = ShipmentObjects.read(shipment, jobDir, true);
            if (read instanceof ShipmentObjects.Read.Stopped stopped) {
                return stopped.outcome();
            }
            ShipmentObjects objects = ((ShipmentObjects.Read.Objects) read).objects();
            List<Shipment.Prepared> prepared = objects.prepared();
            List<Path> edited = objects.edited();
            if (prepared.isEmpty()) {
                return awaitReceiptOfEarlierPackage(shipment, to);
            }
            String name = packageName(job);
            Path zip = jobDir.resolve(name);
            PackageManifest manifest = StudyPackageWriter.write(manifestHead(shipment, edited.get(0)), edited, zip);
            if (to.receiptTimeout() != null && settings.receipts() == null) {
                return new Outcome.Failed(new Failure(true, "the SFTP drop " + to.where() + " asks for receipts, but"
                        + " this transport has no receipt watch; give it one (SftpTransport.Settings.receipts)"));
            }
            String target = remote(to, name);
            try (SftpConnection c = SftpConnection.open(to, settings.knownHosts(), settings.timeout())) {
                if (to.receiptTimeout() != null) {
                    // An earlier attempt's answer must not speak for this package.
                    ReceiptWatch.clearAnswers(c.sftp(), target);
                }
                if (!upload(c.sftp(), zip, target, shipment::handingBack)) {
                    // Stopped between two writes because the node is draining (issue 22): only the .part was
                    // written, which the partner never takes, and it is removed; another node sends the package.
                    shipment.event("sftp", "upload of package " + name + " to " + to.where() + " stopped: the node"
                            + " is stopping (drain); the package is sent again by the node that takes the job");
                    return new Outcome.HandedBack();
                }
            } catch (HostKeyRejectedException e) {
                return new Outcome.Failed(new Failure(true, e.getMessage()));
            }
            java.util.Set<String> sent = new java.util.HashSet<>();
            for (Shipment.Prepared p : prepared) {
                shipment.answered(p.instance(), 0x0000, true);
                sent.add(p.instance().sopInstanceUid());
            }
            shipment.event("sftp", "package " + name + " (" + manifest.files().size() + " objects, "
                    + Files.size(zip) + " bytes) delivered to " + to.where());
            if (to.receiptTimeout() != null) {
                return new Outcome.Waiting(settings.receipts().await(job, shipment.institution().key(), to, target,
                        sent));
            }
            return new Outcome.Sent();
        } finally {
            PackageReader.deleteTree(jobDir);
        }
    }

    /**
     * Nothing is left to send. Where the partner writes receipts, instances that were uploaded (acknowledged) but
     * whose receipt has not come (not committed) mean the package is in the drop and its receipt still to come: the
     * job was handed back by a draining node, or taken over from a node that died, while it waited (issue 22). This
     * node waits for the receipt of that package (the job's, {@link #packageName}) from now on, without sending it
     * again; no receipt in time sends it again at the automatic retry, as on the node that uploaded it.
     */
    private Outcome awaitReceiptOfEarlierPackage(Shipment shipment, SftpEndpoint to) {
        if (to.receiptTimeout() == null || settings.receipts() == null) {
            return new Outcome.Sent();
        }
        java.util.Set<String> awaited = new java.util.HashSet<>();
        for (nl.zorgbrug.gateway.job.JobInstance i : shipment.instances()) {
            if (i.acknowledged() && !i.committed()) {
                awaited.add(i.sopInstanceUid());
            }
        }
        if (awaited.isEmpty()) {
            return new Outcome.Sent();
        }
        Job job = shipment.job();
        String target = remote(to, packageName(job));
        shipment.event("sftp", "package " + target + " is in the drop already (" + awaited.size() + " objects);"
                + " waiting for its receipt on this node");
        return new Outcome.Waiting(settings.receipts().await(job, shipment.institution().key(), to, target, awaited));
    }

    /** The package's name on the server: the job's, so a retry replaces it rather than adding a second. */
    static String packageName(Job job) {
        return "zb-" + job.id() + "-" + job.studyInstanceUid() + ".zip";
    }

    static String remote(SftpEndpoint to, String name) {
        return to.folder().equals(".") ? name : to.folder().replaceAll("/+$", "") + "/" + name;
    }

    /** Uploads under {@code .part}, then renames into place (replacing a package of an earlier attempt). */
    public static void upload(SftpClient sftp, Path local, String target) throws IOException {
        upload(sftp, local, target, () -> false);
    }

    /**
     * {@link #upload(SftpClient, Path, String)} that stops between two writes once {@code stop} says so (the node is
     * draining, issue 22): the {@code .part} file is removed and the package never renamed into place, so the partner
     * takes nothing of it. Returns false when it stopped, true when the package is in place.
     */
    public static boolean upload(SftpClient sftp, Path local, String target, java.util.function.BooleanSupplier stop)
            throws IOException {
        String part = target + PART;
        boolean stopped = false;
        // Large writes keep more data in flight (MINA pipelines the requests of one stream): docs/benchmarks.md.
        try (InputStream in = Files.newInputStream(local);
             OutputStream out = sftp.write(part, UPLOAD_BUFFER, SftpClient.OpenMode.Write, SftpClient.OpenMode.Create,
                     SftpClient.OpenMode.Truncate)) {
            byte[] buf = new byte[UPLOAD_BUFFER];
            for (int n; (n = in.read(buf)) > 0; ) {
                if (stop.getAsBoolean()) {
                    stopped = true;
                    break;
                }
                out.write(buf, 0, n);
            }
        }
        if (stopped) {
            try {
                sftp.remove(part);
            } catch (SftpException e) {
                if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
                    throw e;
                }
            }
            return false;
        }
        // SFTP version 3 (OpenSSH) does not rename onto an existing file: remove the earlier attempt's first.
        try {
            sftp.remove(target);
        } catch (SftpException e) {
            if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
                throw e;
            }
        }
        sftp.rename(part, target);
        return true;
    }

    private PackageManifest manifestHead(Shipment shipment, Path firstEdited) throws IOException {
        Job job = shipment.job();
        DataSet head = Part10Reader.read(firstEdited, StreamingEditor.HEAD_END).dataSet();
        String bsn = PatientIdentity.of(head).bsnInPatientId().map(nl.zorgbrug.bsn.Bsn::value).orElse(null);
        Institution receiver = shipment.institution();
        String accession = head.getString(nl.zorgbrug.dicom.data.Tag.AccessionNumber);
        return new PackageManifest(PackageManifest.FORMAT, settings.self(),
                new PackageManifest.Party(receiver.name(), receiver.ura()), job.studyInstanceUid(),
                accession == null || accession.isBlank() ? null : accession, bsn, job.referralReason(), job.remark(),
                settings.clock().instant().toString(), List.of());
    }
}
