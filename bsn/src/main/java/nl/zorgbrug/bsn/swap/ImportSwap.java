package nl.zorgbrug.bsn.swap;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.identity.PatientId;
import nl.zorgbrug.bsn.identity.PatientIdentity;
import nl.zorgbrug.bsn.mpi.MasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.dicom.charset.UnmappableTextException;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.edit.Edit;

/**
 * The swap on import (Nictiz, BSN in DICOM): an incoming object gets the hospital's local patient
 * number and issuer in (0010,0020)/(0010,0021); the BSN and the local number are both kept in
 * (0010,1002) Other Patient IDs Sequence.
 *
 * <p>Automatic import happens only when the incoming issuer is the BSN OID — in (0010,0021), or in the
 * qualifiers (0010,0024) with type ISO when (0010,0021) is absent — the BSN passes the 11-proof, the MPI
 * has exactly one local patient with that BSN and the demographics agree. Everything else goes to
 * manual reconciliation, because the issuer is what prevents patient mix-ups.
 *
 * <p>One exception keeps the import idempotent: an object that already carries the local issuer is
 * accepted without any edit, but only when its sequence holds a valid BSN item with the BSN OID, the
 * MPI maps that BSN to exactly this local number and nothing would change — i.e. it is the result of an
 * earlier import.
 */
public final class ImportSwap {
    private final SwapPolicy policy;
    private final LocalIdentityWriter writer;

    public ImportSwap(SwapPolicy policy) {
        this.policy = policy;
        this.writer = new LocalIdentityWriter(policy);
    }

    public SwapDecision decide(DataSet header, MasterPatientIndex mpi, Instant now) {
        try {
            return decideOrThrow(header, mpi, now);
        } catch (UnmappableTextException e) {
            // PS3.5 6.1.2.5: new text must be written in the object's own character set; when it cannot
            // be, a person has to decide (change the character set or the value), never us.
            return SwapDecision.refuse(ReasonCode.TEXT_NOT_ENCODABLE, "a new value cannot be written in (0008,0005) "
                    + header.charset());
        }
    }

    private SwapDecision decideOrThrow(DataSet header, MasterPatientIndex mpi, Instant now) {
        PatientIdentity identity = PatientIdentity.of(header);
        PatientId primary = identity.patientId();
        if (primary.id() != null && policy.localIssuer().equals(primary.issuer()) && !primary.issuedAsBsn()) {
            return alreadyLocal(header, identity, mpi, now);
        }
        if (primary.id() == null) {
            return SwapDecision.refuse(ReasonCode.NO_PATIENT_ID, "");
        }
        if (!primary.hasIssuer()) {
            return SwapDecision.refuse(ReasonCode.ISSUER_MISSING, "(0010,0020) " + Bsn.mask(primary.id())
                    + " without (0010,0021) or (0010,0024)");
        }
        if (!primary.issuedAsBsn()) {
            return SwapDecision.refuse(ReasonCode.ISSUER_NOT_BSN, "(0010,0021) " + primary.issuer()
                    + ", (0010,0024) Universal Entity ID " + primary.universalEntityId()
                    + " type " + primary.universalEntityIdType());
        }
        Optional<Bsn> bsn = Bsn.fromHeaderValue(primary.id());
        if (bsn.isEmpty()) {
            return SwapDecision.refuse(ReasonCode.INVALID_BSN, "(0010,0020) " + Bsn.mask(primary.id()));
        }
        Optional<SwapDecision> conflict = conflictInSequence(identity, bsn.get());
        if (conflict.isPresent()) {
            return conflict.get();
        }
        List<MpiPatient> matches = mpi.byBsn(bsn.get(), policy.localIssuer());
        if (matches.isEmpty()) {
            if (policy.unknownPatient() == UnknownPatientPolicy.REGISTER_PENDING) {
                String[] name = nameParts(identity.patientName());
                return new SwapDecision.RegisterPatient(bsn.get(), name[0], name[1], identity.birthDate(), identity.sex());
            }
            return SwapDecision.refuse(ReasonCode.NO_LOCAL_PATIENT, "BSN " + bsn.get());
        }
        if (matches.size() > 1) {
            return SwapDecision.refuse(ReasonCode.AMBIGUOUS_MPI_PATIENT, matches.size() + " patients with BSN " + bsn.get());
        }
        MpiPatient patient = matches.get(0);
        if (patient.conflicted()) {
            // Issue 16: an identity the EPD feed left in conflict is not one to file a study under automatically.
            return SwapDecision.refuse(ReasonCode.LOCAL_PATIENT_CONFLICTED, patient.conflict().kind() + " "
                    + patient.conflict().detail());
        }
        Optional<SwapDecision> localConflict = ExportSwap.localIdConflict(identity, policy.localIssuer(),
                patient.localId(), mpi);
        if (localConflict.isPresent()) {
            return localConflict.get();
        }
        Optional<String> difference = DemographicsCheck.clearDifference(identity, patient);
        if (difference.isPresent()) {
            return SwapDecision.refuse(ReasonCode.DEMOGRAPHICS_MISMATCH, difference.get());
        }
        return new SwapDecision.Apply(edits(header, identity, patient, bsn.get(), now));
    }

    private SwapDecision alreadyLocal(DataSet header, PatientIdentity identity, MasterPatientIndex mpi, Instant now) {
        Set<Bsn> bsns = new LinkedHashSet<>();
        for (PatientId item : identity.bsnItemsInSequence()) {
            Optional<Bsn> bsn = Bsn.fromHeaderValue(item.id());
            if (bsn.isEmpty()) {
                return SwapDecision.refuse(ReasonCode.INVALID_BSN, item.where() + " " + Bsn.mask(item.id()));
            }
            bsns.add(bsn.get());
        }
        if (bsns.size() != 1) {
            return SwapDecision.refuse(bsns.isEmpty() ? ReasonCode.ISSUER_NOT_BSN : ReasonCode.BSN_CONFLICT,
                    "(0010,0021) is the local issuer and (0010,1002) holds " + bsns.size() + " BSN items");
        }
        Bsn bsn = bsns.iterator().next();
        List<MpiPatient> matches = mpi.byBsn(bsn, policy.localIssuer());
        if (matches.size() != 1 || !matches.get(0).localId().equals(identity.patientId().id())) {
            return SwapDecision.refuse(ReasonCode.LOCAL_OBJECT_NOT_CONFIRMED, "BSN " + bsn + " maps to "
                    + matches.size() + " MPI patients, local id " + Bsn.mask(identity.patientId().id()));
        }
        Optional<SwapDecision> localConflict = ExportSwap.localIdConflict(identity, policy.localIssuer(),
                matches.get(0).localId(), mpi);
        if (localConflict.isPresent()) {
            return localConflict.get();
        }
        List<Edit> edits = edits(header, identity, matches.get(0), bsn, now);
        if (!edits.isEmpty()) {
            // Our own import writes the complete form; an object with our issuer that lacks parts of it did
            // not come from there, and only the BSN issuer may be imported automatically.
            return SwapDecision.refuse(ReasonCode.LOCAL_OBJECT_NOT_CONFIRMED,
                    "(0010,0021) is the local issuer but the object is not in the form an import writes");
        }
        Optional<String> difference = DemographicsCheck.clearDifference(identity, matches.get(0));
        if (difference.isPresent()) {
            return SwapDecision.refuse(ReasonCode.DEMOGRAPHICS_MISMATCH, difference.get());
        }
        return new SwapDecision.Apply(edits);
    }

    private static Optional<SwapDecision> conflictInSequence(PatientIdentity identity, Bsn bsn) {
        for (PatientId item : identity.bsnItemsInSequence()) {
            Optional<Bsn> other = Bsn.fromHeaderValue(item.id());
            if (other.isEmpty()) {
                return Optional.of(SwapDecision.refuse(ReasonCode.INVALID_BSN, item.where() + " " + Bsn.mask(item.id())));
            }
            if (!other.get().equals(bsn)) {
                return Optional.of(SwapDecision.refuse(ReasonCode.BSN_CONFLICT, "(0010,0020) " + bsn + ", "
                        + item.where() + " " + other.get()));
            }
        }
        return Optional.empty();
    }

    private List<Edit> edits(DataSet header, PatientIdentity identity, MpiPatient patient, Bsn bsn, Instant now) {
        return writer.edits(header, identity, List.of(new PatientIdItems.IssuedId(bsn.value(), Bsn.ISSUER_OID)),
                patient.localId(), now);
    }

    /** Family and given name from the first component group of a PN value (PS3.5 6.2.1.1). */
    static String[] nameParts(String pn) {
        if (pn == null) {
            return new String[] {null, null};
        }
        String[] parts = pn.split("=", -1)[0].split("\\^", -1);
        return new String[] {parts[0].isEmpty() ? null : parts[0], parts.length > 1 && !parts[1].isEmpty() ? parts[1] : null};
    }
}
