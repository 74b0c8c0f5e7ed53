package nl.zorgbrug.transport.link;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;

import nl.zorgbrug.bsn.identity.PatientIdentity;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.io.Part10Reader;
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
 * The download-link channel ("DICOM e-mail", issue 21) as a transport of the gateway: a job of the link route brings
 * the study a person ordered a link for ({@link LinkDesk#order}); for each order waiting for that study this packs the
 * objects as the SFTP channel does ({@link StudyPackageWriter}: ZIP, DICOMDIR, manifest with SHA-256s) — after the
 * route's edits (the export swap) or as the node holds them, as the order says — stores the package, and mails the
 * link and, apart, the one-time code ({@link SecondFactor}). The job is DONE when every order's mails went out.
 *
 * <p>The link is active before its mail is sent (the recipient may click at once); when a mail does not go, the order
 * is put back and its package removed, and the job fails with the mail server's reason and is retried, with new
 * secrets (the ones that may have been mailed are no longer stored, so they open nothing).
 */
public final class LinkTransport implements Transport<LinkEndpoint> {
    private final Settings settings;
    private final LinkStore store;
    private final LinkMailer mailer;
    private final SecondFactor secondFactor;
    private final LinkEvents events;
    private final Secrets secrets;

    /**
     * @param packagesDir where packages wait for their download (until purged)
     * @param workDir     where a job's edited objects wait for packing, removed after it
     * @param baseUrl     the node's address as the recipient reaches it, e.g. https://beelden.ziekenhuis.nl; the link
     *                    is {@code baseUrl/download/<token>}
     * @param self        this hospital as the manifest and the mail name it
     */
    public record Settings(Path packagesDir, Path workDir, String baseUrl, PackageManifest.Party self, Clock clock) {
    }

    public LinkTransport(Settings settings, LinkStore store, LinkMailer mailer, SecondFactor secondFactor,
                         LinkEvents events, Secrets secrets) throws IOException {
        this.settings = settings;
        this.store = store;
        this.mailer = mailer;
        this.secondFactor = secondFactor;
        this.events = events;
        this.secrets = secrets;
        Files.createDirectories(settings.packagesDir());
        Files.createDirectories(settings.workDir());
    }

    @Override
    public nl.zorgbrug.gateway.job.Channel channel() {
        return nl.zorgbrug.gateway.job.Channel.LINK;
    }

    @Override
    public Class<LinkEndpoint> endpointType() {
        return LinkEndpoint.class;
    }

    @Override
    public Outcome send(Shipment shipment, LinkEndpoint to) throws IOException {
        Job job = shipment.job();
        List<DownloadLink> orders = store.ordered(job.studyInstanceUid());
        if (orders.isEmpty()) {
            return new Outcome.Failed(new Failure(true, "no download link was ordered for study "
                    + job.studyInstanceUid() + "; a person orders one first (console Downloadlinks, POST /api/links),"
                    + " then retries this job"));
        }
        Path jobDir = settings.workDir().resolve("job-" + job.id());
        PackageReader.deleteTree(jobDir);
        Files.createDirectories(jobDir);
        try {
            boolean anySwap = orders.stream().anyMatch(DownloadLink::swap);
            ShipmentObjects.Read read = ShipmentObjects.read(shipment, jobDir, anySwap);
            if (read instanceof ShipmentObjects.Read.Stopped stopped) {
                return stopped.outcome();
            }
            ShipmentObjects objects = ((ShipmentObjects.Read.Objects) read).objects();
            List<Shipment.Prepared> prepared = objects.prepared();
            List<Path> originals = objects.originals();
            List<Path> swapped = objects.edited();
            if (prepared.isEmpty()) {
                // The job's objects all went with an earlier link and nothing was sent again since: an order whose PACS
                // was not asked. A person's send (the order's, or Send study) makes every instance go again.
                return new Outcome.Failed(new Failure(true, "the objects of study " + job.studyInstanceUid()
                        + " went with an earlier download link and have left the spool; have our PACS send the study"
                        + " to the link route again (Send study) for order(s) " + orders.stream()
                        .map(o -> Long.toString(o.id())).toList()));
            }
            for (DownloadLink order : orders) {
                DownloadLink sent = packAndMail(shipment, order, order.swap() ? swapped : originals, jobDir);
                if (sent == null) {
                    shipment.event("link", "download link " + order.id() + " was revoked while its package was made:"
                            + " not activated, not mailed, package deleted");
                    continue;
                }
                shipment.event("link", "download link " + sent.id() + " to " + sent.recipient() + " ("
                        + (sent.swap() ? "export swap applied" : "as held, no swap") + ", "
                        + (sent.once() ? "once" : "repeatedly") + " until " + sent.until() + ", package of "
                        + sent.packageBytes() + " bytes)");
            }
            for (Shipment.Prepared p : prepared) {
                shipment.answered(p.instance(), 0x0000, true);
            }
            return new Outcome.Sent();
        } finally {
            PackageReader.deleteTree(jobDir);
        }
    }

    /** The order packed, activated and mailed; null when a person revoked it meanwhile (nothing mailed then). */
    private DownloadLink packAndMail(Shipment shipment, DownloadLink order, List<Path> files, Path jobDir)
            throws IOException {
        Job job = shipment.job();
        DataSet head = Part10Reader.read(files.get(0), StreamingEditor.HEAD_END).dataSet();
        String bsn = PatientIdentity.of(head).bsnInPatientId().map(nl.zorgbrug.bsn.Bsn::value).orElse(null);
        String accession = head.getString(Tag.AccessionNumber);
        PackageManifest manifest = new PackageManifest(PackageManifest.FORMAT, settings.self(),
                new PackageManifest.Party(order.recipient(), null), job.studyInstanceUid(),
                accession == null || accession.isBlank() ? null : accession, bsn, order.reason(), null,
                settings.clock().instant().toString(), List.of());
        String name = "link-" + order.id() + ".zip";
        Path part = jobDir.resolve(name + ".part");
        StudyPackageWriter.write(manifest, files, part);
        Path stored = settings.packagesDir().resolve(name);
        Files.move(part, stored, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        String token = secrets.token();
        String code = secrets.code();
        String salt = secrets.salt();
        DownloadLink active = order.mailed(Secrets.tokenHash(token), salt, Secrets.codeHash(salt, code), job.id(), name,
                Files.size(stored), head.getString(Tag.PatientID));
        if (!store.saveIf(LinkState.ORDERED, active)) {
            // A person revoked the order after this job read it (LinkDesk.revoke).
            Files.deleteIfExists(stored);
            return null;
        }
        try {
            mailer.send(order.recipient(), LinkMessages.subject(settings.self().name()),
                    LinkMessages.body(active, url(token), settings.self().name()));
            secondFactor.sendCode(active, code);
        } catch (IOException | RuntimeException e) {
            store.saveIf(LinkState.ACTIVE, order); // ordered again, unless a person revoked it meanwhile
            Files.deleteIfExists(stored);
            throw new IOException("download link " + order.id() + " to " + order.recipient() + " not mailed: "
                    + e.getMessage() + "; the link is ordered again and mailed with the job's retry", e);
        }
        events.mailed(active);
        return active;
    }

    /** The link as mailed. */
    String url(String token) {
        return settings.baseUrl().replaceAll("/+$", "") + "/download/" + token;
    }
}
