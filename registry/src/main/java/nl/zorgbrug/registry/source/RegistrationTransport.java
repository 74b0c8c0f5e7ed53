package nl.zorgbrug.registry.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import nl.zorgbrug.bsn.identity.PatientIdentity;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.gateway.delivery.Outcome;
import nl.zorgbrug.gateway.delivery.Shipment;
import nl.zorgbrug.gateway.delivery.Transport;
import nl.zorgbrug.gateway.job.Channel;
import nl.zorgbrug.gateway.job.JobInstance;

/**
 * Registration as a job in the job manager (issue 20 part 2): the registration route's destination has a
 * {@link RegistryEndpoint}, so the job runner hands that route's jobs — one per study of the own PACS, due once the
 * study is complete (the route's quiet time) — to this transport. It reads each instance's head as the spool keeps it
 * and as the route's edits make it (the export swap puts the BSN in), and lets the {@link KosRegistrar} build, keep and
 * register the study's KOS. No instance leaves the node: only the KOS's metadata goes to the registry. The instances
 * count as delivered once the registry answered Success; the spool then lets them go, as after any delivery.
 */
public final class RegistrationTransport implements Transport<RegistryEndpoint> {
    private final KosRegistrar registrar;

    public RegistrationTransport(KosRegistrar registrar) {
        this.registrar = registrar;
    }

    @Override
    public Class<RegistryEndpoint> endpointType() {
        return RegistryEndpoint.class;
    }

    @Override
    public Channel channel() {
        return Channel.REGISTRY;
    }

    @Override
    public Outcome send(Shipment shipment, RegistryEndpoint to) throws IOException {
        Shipment.Batch batch = shipment.all();
        if (batch instanceof Shipment.Batch.Refused refused) {
            return new Outcome.Held(refused.reason());
        }
        if (batch instanceof Shipment.Batch.Missing missing) {
            return new Outcome.Failed(missing.failure());
        }
        List<Shipment.Prepared> prepared = ((Shipment.Batch.Ready) batch).instances();
        List<KosRegistrar.StudyObject> objects = new ArrayList<>();
        for (Shipment.Prepared p : prepared) {
            DataSet head = Part10Reader.read(p.file().path(), StreamingEditor.HEAD_END).dataSet();
            DataSet leaving = Part10Reader.read(p.file().path(), StreamingEditor.HEAD_END).dataSet();
            StreamingEditor.apply(leaving, p.edits());
            objects.add(new KosRegistrar.StudyObject(head, PatientIdentity.of(leaving).bsnInPatientId()));
        }
        if (prepared.isEmpty()) {
            return new Outcome.Sent();
        }
        Set<String> all = shipment.instances().stream().map(JobInstance::sopInstanceUid).collect(Collectors.toSet());
        KosRegistrar.Result result = registrar.attempt(shipment.job(), objects, all, to);
        if (result instanceof KosRegistrar.Result.Held h) {
            return new Outcome.Held(h.reason());
        }
        if (result instanceof KosRegistrar.Result.Failed f) {
            return new Outcome.Failed(f.failure());
        }
        KosRegistrar.Result.Registered r = (KosRegistrar.Result.Registered) result;
        for (Shipment.Prepared p : prepared) {
            shipment.answered(p.instance(), 0x0000, true);
        }
        shipment.event("registered", "KOS " + r.kos().documentUniqueId() + " with " + prepared.size() + " instances "
                + (r.before() ? "was registered in an earlier attempt" : "registered") + " at " + to.url());
        return new Outcome.Sent();
    }
}
