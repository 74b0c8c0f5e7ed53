package nl.zorgbrug.app.registry;

import java.util.List;
import java.util.Optional;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.mpi.MpiStore;
import nl.zorgbrug.registry.consumer.Timeline;
import nl.zorgbrug.registry.consumer.TimelineQuery;

/**
 * The image timeline for the console and the REST API: the patient found in the MPI by BSN or by local id (this
 * hospital's issuer), then {@link TimelineQuery}. A patient not known here is asked for nowhere.
 */
public final class ImageTimeline {
    private final MpiStore mpi;
    private final String localIssuer;
    private final TimelineQuery query;
    private final boolean consumerEnabled;

    ImageTimeline(MpiStore mpi, String localIssuer, TimelineQuery query, boolean consumerEnabled) {
        this.mpi = mpi;
        this.localIssuer = localIssuer;
        this.query = query;
        this.consumerEnabled = consumerEnabled;
    }

    /** Whether the node is configured as consumer (zorgbrug.registry.consumer.enabled). */
    public boolean consumerEnabled() {
        return consumerEnabled;
    }

    /** The patient a person asked for: by local id when given, else by BSN; empty when the MPI does not know them. */
    public Optional<MpiPatient> patient(String bsn, String localId) {
        if (localId != null && !localId.isBlank()) {
            return mpi.byLocalId(localId.strip(), localIssuer);
        }
        if (bsn == null || bsn.isBlank()) {
            return Optional.empty();
        }
        Bsn parsed = Bsn.parse(bsn.strip());
        List<MpiPatient> found = mpi.byBsn(parsed, localIssuer);
        return found.size() == 1 ? Optional.of(found.get(0)) : found.stream().filter(p -> !p.conflicted()).findFirst();
    }

    public Timeline timeline(MpiPatient patient, String user) {
        return query.timeline(patient, user);
    }

    /**
     * The row of one study, asked of the index again (consent and the Wabvpz rule are checked again, and what is
     * imported is what the index says now); empty when the index does not list it.
     */
    public Optional<nl.zorgbrug.registry.consumer.TimelineRow> row(MpiPatient patient, String studyInstanceUid,
                                                                  String user) {
        return query.timeline(patient, user).rows().stream()
                .filter(r -> r.studyInstanceUid().equals(studyInstanceUid) && r.inIndex()).findFirst();
    }
}
