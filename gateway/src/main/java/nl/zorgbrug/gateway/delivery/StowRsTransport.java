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
    public Class<StowRsEndpoint> endpointType() {
        return StowRsEndpoint.class;
    }

    @Override
    public Outcome send(Shipment shipment, StowRsEndpoint to) throws IOException {
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
            StowRsClient.Response r = client.store(to.studiesUrl(), new ArrayList<>(files.keySet()));
            if (!r.allStored()) {
                return new Outcome.Failed(new Failure(true, "STOW-RS answered HTTP " + r.status()
                        + " (not every instance stored): " + (r.body().length() > 300 ? r.body().substring(0, 300) : r.body())));
            }
            // PS3.18 10.5.3: the Referenced SOP Sequence lists what was stored; trust nothing it does not list.
            Failure missing = null;
            for (Shipment.Prepared p : files.values()) {
                boolean confirmed = r.body().contains("\"" + p.instance().sopInstanceUid() + "\"");
                shipment.answered(p.instance(), confirmed ? 0 : 0xC000, confirmed);
                if (!confirmed && missing == null) {
                    missing = new Failure(true, "STOW-RS answered 200 but did not list instance "
                            + p.instance().sopInstanceUid() + " as stored");
                }
            }
            return Outcome.failedOrSent(missing);
        } finally {
            deleteQuietly(jobDir);
        }
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
