package nl.zorgbrug.app.audit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import nl.zorgbrug.app.access.ShownPatients;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.MasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.gateway.job.Direction;

/**
 * Who a Patient ID names, for the audit trail (issue 17; NEN 7513: the client of each access). A Patient ID names a
 * patient of our MPI only when it is ours: issued by our local issuer ({@code zorgbrug.gateway.local-issuer}), or an
 * export's without an issuer (its objects come from our own PACS, and the export swap reads their Patient ID as our
 * local number too), or a BSN issued with the BSN OID (Nictiz "BSN in DICOM"). Anything else — another hospital's
 * local number, a nine-digit value that passes the 11-proof without the BSN OID — is recorded as the foreign
 * identifier with its issuer ({@link ObjectRef#foreignPatient}), never mapped to the patient of ours who happens to
 * have the same number.
 */
public final class PatientIds {
    private final MasterPatientIndex mpi;
    private final String localIssuer;

    public PatientIds(MasterPatientIndex mpi, String localIssuer) {
        this.mpi = Objects.requireNonNull(mpi);
        this.localIssuer = Objects.requireNonNull(localIssuer);
    }

    /** The patient or foreign identifier a job's Patient ID names. */
    public ObjectRef of(ShownPatients.IssuedId id) {
        return patient(id).map(ObjectRef::patient).orElseGet(() -> ObjectRef.foreignPatient(id.id(), id.issuer()));
    }

    /** The MPI's patient a job's Patient ID names, or empty when it is another institution's identifier. */
    public Optional<PatientRef> patient(ShownPatients.IssuedId id) {
        String issuer = id.issuer();
        if (Bsn.ISSUER_OID.equals(issuer)) {
            return Bsn.fromHeaderValue(id.id()).map(this::byBsn);
        }
        if (localIssuer.equals(issuer) || issuer == null && id.direction() == Direction.EXPORT) {
            return Optional.of(byLocalId(id.id()));
        }
        if (issuer == null && id.direction() == null) {
            // Not a job's (a download link's package, a received BgZ's patient): as before, by the value.
            return Optional.of(ofId(id.id()));
        }
        return Optional.empty();
    }

    /**
     * A Patient ID that carries no issuer and is no job's (a received BgZ's BSN, a download link's package, which holds
     * the BSN after the export swap or our own local number): a BSN as BSN, another value as our local number.
     */
    public PatientRef ofId(String patientId) {
        Optional<Bsn> bsn = Bsn.fromHeaderValue(patientId);
        return bsn.isPresent() ? byBsn(bsn.get()) : byLocalId(patientId);
    }

    private PatientRef byBsn(Bsn bsn) {
        List<MpiPatient> local = mpi.byBsn(bsn, localIssuer);
        return new PatientRef(bsn, local.size() == 1 ? local.get(0).localId() : null);
    }

    private PatientRef byLocalId(String localId) {
        return new PatientRef(mpi.byLocalId(localId, localIssuer).map(MpiPatient::bsn).orElse(null), localId);
    }
}
