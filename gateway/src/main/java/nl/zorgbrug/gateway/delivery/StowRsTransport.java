package nl.zorgbrug.gateway.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.gateway.addressbook.StowRsEndpoint;
import nl.zorgbrug.gateway.job.Failure;

/**
 * DICOMweb: the shipment's instances, edited into a work folder, in one STOW-RS request (PS3.18 10.5).
 * An instance counts as stored only when the response's Referenced SOP Sequence lists it (PS3.18 10.5.3).
 */
public final class StowRsTransport implements Transport<StowRsEndpoint> {
    private final Path workDir;
    private final StowRsClient client = new StowRsClient();

    /** @param workDir where the edited copies wait for the request, a folder per job, removed after it */
    public StowRsTransport(Path workDir) throws IOException {
        this.workDir = Files.createDirectories(workDir);
    }

    @Override
    public nl.zorgbrug.gateway.job.Channel channel() {
        return nl.zorgbrug.gateway.job.Channel.STOW_RS;
    }

    @Override
    public Class<StowRsEndpoint> endpointType() {
        return StowRsEndpoint.class;
    }

    @Override
    public Outcome send(Shipment shipment, StowRsEndpoint to) throws IOException {
        if (shipment.handingBack()) {
            // The node is draining (issue 22): nothing was sent yet; another node sends the study.
            return new Outcome.HandedBack();
        }
        Path jobDir = workDir.resolve(Long.toString(shipment.job().id()));
        try {
            Files.createDirectories(jobDir);
            Shipment.Batch batch = shipment.next();
            if (batch instanceof Shipment.Batch.Refused refused) {
                return new Outcome.Held(refused.reason());
            }
            if (batch instanceof Shipment.Batch.Missing missing) {
                return new Outcome.Failed(missing.failure());
            }
            Map<Path, Shipment.Prepared> files = new LinkedHashMap<>();
            for (Shipment.Prepared p : ((Shipment.Batch.Ready) batch).instances()) {
                Path edited = jobDir.resolve(p.instance().sopInstanceUid() + ".dcm");
                StreamingEditor.edit(p.file().path(), edited, head -> p.edits(), false);
                files.put(edited, p);
            }
            if (files.isEmpty()) {
                return new Outcome.Sent();
            }
            StowRsClient.Response r;
            try {
                // One request for the whole study: it finishes if it can while the node drains, and stops sending
                // its body once the drain hands the deliveries back (issue 22).
                r = client.store(to.studiesUrl(), new ArrayList<>(files.keySet()), shipment::handingBack);
            } catch (StowRsClient.Stopped stopped) {
                // Nothing is acknowledged; the next holder sends every instance again. A server that stored parts of
                // an unfinished body (none should, RFC 2046 5.1.1) gets those again, as after a crash mid-request.
                shipment.event("stow-rs", "request of " + files.size() + " instances to " + to.studiesUrl()
                        .replaceAll("//[^/@]*@", "//") + " stopped before its body was all sent: the node is stopping"
                        + " (drain); the node that takes the job sends them again");
                return new Outcome.HandedBack();
            }
            StowRsResponse answer = StowRsResponse.parse(r.body());
            // PS3.18 10.5.3: trust only what the response lists. Stored (perhaps with a warning, which PS3.4
            // B.2.3 counts as stored, as for C-STORE) is acknowledged; failed is classified like a C-STORE status;
            // not listed at all is unconfirmed and goes again in a later attempt.
            Failure failure = null;
            for (Shipment.Prepared p : files.values()) {
                String uid = p.instance().sopInstanceUid();
                Integer warning = answer.stored().get(uid);
                Integer failed = answer.failed().get(uid);
                if (warning != null && warning != 0) {
                    shipment.answeredWithWarning(p.instance(), warning, "STOW-RS HTTP " + r.status());
                } else if (warning != null) {
                    shipment.answered(p.instance(), 0, true);
                } else if (failed != null) {
                    shipment.answered(p.instance(), failed, false);
                    failure = worse(failure, withInstance(Failure.ofStatus(failed), uid, r.status()));
                } else {
                    shipment.answered(p.instance(), 0xC000, false);
                    failure = worse(failure, new Failure(false, "STOW-RS answered HTTP " + r.status()
                            + " but did not list instance " + uid + " as stored or failed"));
                }
            }
            return Outcome.failedOrSent(failure);
        } finally {
            deleteQuietly(jobDir);
        }
    }

    private static Failure withInstance(Failure f, String uid, int httpStatus) {
        return new Failure(f.permanent(), "STOW-RS (HTTP " + httpStatus + ") did not store instance " + uid + ": "
                + f.reason());
    }

    /** The failure that decides the attempt: a permanent one over a transient one, else the first. */
    private static Failure worse(Failure soFar, Failure next) {
        return soFar == null || (next.permanent() && !soFar.permanent()) ? next : soFar;
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a work folder; cleaned at the next delivery of this job
        }
    }
}
