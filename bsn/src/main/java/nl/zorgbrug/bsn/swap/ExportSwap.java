package nl.zorgbrug.bsn.swap;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.identity.PatientId;
import nl.zorgbrug.bsn.identity.PatientIdentity;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.MasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.dicom.charset.UnmappableTextException;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;

/**
 * The "DICOM swap" on export (Nictiz, BSN in DICOM): when an object leaves the hospital, the local
 * patient number and its issuer move into (0010,1002) Other Patient IDs Sequence, and the BSN with the
 * BSN OID goes into (0010,0020)/(0010,0021), with (0010,0024) naming the same issuer the DICOM way.
 *
 * <p>A pure function: header, MPI look-ups and clock in, a {@link SwapDecision} out; no I/O of its own,
 * so the file commands and the network gateway share it. The BSN comes from the BSN item of the
 * sequence, else from the MPI; it is exported only when the MPI confirms it is validated (Wabvpz) and
 * the object's name and birth date agree with the MPI's. Anything else is held: we never guess.
 */
public final class ExportSwap {
    private final SwapPolicy policy;

    public ExportSwap(SwapPolicy policy) {
        this.policy = policy;
    }

    public SwapDecision decide(DataSet header, MasterPatientIndex mpi, Instant now) {
        return decide(header, mpi, now, MissingIssuer.HOLD);
    }

    /**
     * As {@link #decide(DataSet, MasterPatientIndex, Instant)}, with what to do when the Patient ID has no issuer:
     * hold it, or (for a sender configured as sending only the hospital's own numbers) take it as local.
     */
    public SwapDecision decide(DataSet header, MasterPatientIndex mpi, Instant now, MissingIssuer missingIssuer) {
        try {
            return decideOrThrow(header, mpi, now, missingIssuer);
        } catch (UnmappableTextException e) {
            // PS3.5 6.1.2.5: new text must be written in the object's own character set; when it cannot
            // be, a person has to decide (change the character set or the value), never us.
            return SwapDecision.refuse(ReasonCode.TEXT_NOT_ENCODABLE, "a new value cannot be written in (0008,0005) "
                    + header.charset());
        }
    }

    private SwapDecision decideOrThrow(DataSet header, MasterPatientIndex mpi, Instant now, MissingIssuer missingIssuer) {
        PatientIdentity identity = PatientIdentity.of(header);
        PatientId primary = identity.patientId();
        Set<Bsn> bsnsInObject = new LinkedHashSet<>();
        String localId;
        if (primary.id() != null && primary.issuedAsBsn()) {
            // Already in the exchange form (exported before, or received so): check it, complete it.
            Optional<Bsn> bsn = Bsn.fromHeaderValue(primary.id());
            if (bsn.isEmpty()) {
                return SwapDecision.refuse(ReasonCode.INVALID_BSN, "(0010,0020) " + Bsn.mask(primary.id())
                        + " with the BSN issuer is not a valid BSN");
            }
            bsnsInObject.add(bsn.get());
            localId = localIdInSequence(identity);
        } else if (primary.id() == null) {
            return SwapDecision.refuse(ReasonCode.NO_PATIENT_ID, "");
        } else if (primary.effectiveIssuer() == null && missingIssuer == MissingIssuer.ASSUME_LOCAL) {
            // The sender is configured as sending only our own numbers (MissingIssuer.ASSUME_LOCAL); the delivered
            // object names the local issuer with the number in (0010,1002), as for any export.
            localId = primary.id();
        } else if (primary.effectiveIssuer() == null) {
            return SwapDecision.refuse(ReasonCode.LOCAL_ISSUER_MISSING, "(0010,0020) " + Bsn.mask(primary.id())
                    + " has no (0010,0021) and no (0010,0024); expected " + policy.localIssuer());
        } else if (!policy.localIssuer().equals(primary.effectiveIssuer())) {
            return SwapDecision.refuse(ReasonCode.FOREIGN_ISSUER, "issuer " + primary.effectiveIssuer()
                    + " is not the local issuer " + policy.localIssuer());
        } else {
            localId = primary.id();
        }

        for (PatientId item : identity.bsnItemsInSequence()) {
            Optional<Bsn> bsn = Bsn.fromHeaderValue(item.id());
            if (bsn.isEmpty()) {
                return SwapDecision.refuse(ReasonCode.INVALID_BSN, item.where() + " " + Bsn.mask(item.id())
                        + " with the BSN issuer is not a valid BSN");
            }
            bsnsInObject.add(bsn.get());
        }
        if (bsnsInObject.size() > 1) {
            return SwapDecision.refuse(ReasonCode.BSN_CONFLICT, "BSNs " + bsnsInObject);
        }
        Optional<Bsn> bsnInObject = bsnsInObject.stream().findFirst();

        MpiPatient patient;
        if (localId != null) {
            Optional<MpiPatient> found = mpi.byLocalId(localId, policy.localIssuer());
            if (found.isEmpty()) {
                return SwapDecision.refuse(ReasonCode.PATIENT_NOT_IN_MPI, "local id " + Bsn.mask(localId));
            }
            patient = found.get();
        } else {
            List<MpiPatient> found = mpi.byBsn(bsnInObject.get(), policy.localIssuer());
            if (found.isEmpty()) {
                return SwapDecision.refuse(ReasonCode.PATIENT_NOT_IN_MPI, "BSN " + bsnInObject.get());
            }
            if (found.size() > 1) {
                return SwapDecision.refuse(ReasonCode.AMBIGUOUS_MPI_PATIENT, found.size() + " patients with BSN "
                        + bsnInObject.get());
            }
            patient = found.get(0);
        }
        Optional<SwapDecision> conflict = localIdConflict(identity, policy.localIssuer(), patient.localId(), mpi);
        if (conflict.isPresent()) {
            return conflict.get();
        }

        if (patient.bsn() == null || patient.bsnStatus() == BsnStatus.NONE) {
            return bsnInObject.isPresent()
                    ? SwapDecision.refuse(ReasonCode.BSN_NOT_VALIDATED, "the MPI has no BSN for this patient; the object has "
                            + bsnInObject.get())
                    : SwapDecision.refuse(ReasonCode.NO_BSN, "local id " + Bsn.mask(patient.localId()));
        }
        if (bsnInObject.isPresent() && !bsnInObject.get().equals(patient.bsn())) {
            return SwapDecision.refuse(ReasonCode.BSN_MISMATCH, "object " + bsnInObject.get() + ", MPI " + patient.bsn());
        }
        if (patient.conflicted()) {
            // An identity conflict from the feed is never resolved by the node (issue 16): hold until a person
            // clears it in the MPI.
            return SwapDecision.refuse(ReasonCode.IDENTITY_CONFLICT, patient.conflict().kind() + " "
                    + patient.conflict().detail());
        }
        if (!patient.bsnStatus().permitsSharing()) {
            // Wabvpz: sharing with another provider needs a validated BSN (identified with an identity document);
            // verified alone (the SBV-Z answer) permits pulling, not sharing.
            return SwapDecision.refuse(ReasonCode.BSN_NOT_VALIDATED, "MPI bsn_status " + patient.bsnStatus().csv());
        }
        Optional<String> difference = DemographicsCheck.clearDifference(identity, patient);
        if (difference.isPresent()) {
            return SwapDecision.refuse(ReasonCode.DEMOGRAPHICS_MISMATCH, difference.get());
        }
        return new SwapDecision.Apply(edits(header, identity, patient, now));
    }

    private String localIdInSequence(PatientIdentity identity) {
        for (PatientId item : identity.otherIds()) {
            if (item.id() != null && policy.localIssuer().equals(item.effectiveIssuer())) {
                return item.id();
            }
        }
        return null;
    }

    /**
     * Any local number in the sequence that does not name {@code localId}'s patient: two patients of ours for one
     * object. A number the EPD merged into the patient is an alias ({@link MasterPatientIndex#names}), so an object
     * keeping its prior number in (0010,1002) after a merge is not held for it (issue 16).
     */
    static Optional<SwapDecision> localIdConflict(PatientIdentity identity, String localIssuer, String localId,
                                                  MasterPatientIndex mpi) {
        for (PatientId item : identity.otherIds()) {
            if (item.id() != null && localIssuer.equals(item.effectiveIssuer())
                    && !mpi.names(item.id(), localId, localIssuer)) {
                return Optional.of(SwapDecision.refuse(ReasonCode.LOCAL_ID_CONFLICT, item.where() + " "
                        + Bsn.mask(item.id()) + " besides local id " + Bsn.mask(localId)));
            }
        }
        return Optional.empty();
    }

    private List<nl.zorgbrug.dicom.edit.Edit> edits(DataSet header, PatientIdentity identity, MpiPatient patient,
                                                     Instant now) {
        String bsn = patient.bsn().value();
        PatientAttributeChanges changes = new PatientAttributeChanges(header);
        // The local number first, then the BSN: the sequence lists every ID of the patient (guideline).
        PatientIdItems.extendSequence(changes, header, identity, List.of(
                new PatientIdItems.IssuedId(patient.localId(), policy.localIssuer()),
                new PatientIdItems.IssuedId(bsn, Bsn.ISSUER_OID)));
        changes.setText(Tag.PatientID, VR.LO, bsn);
        changes.setText(Tag.IssuerOfPatientID, VR.LO, Bsn.ISSUER_OID);
        changes.setSequence(Tag.IssuerOfPatientIDQualifiersSequence,
                PatientIdItems.qualifiers(header, Bsn.ISSUER_OID), false);
        return changes.toEdits(now, policy.modifyingSystem(), policy.institution());
    }
}
