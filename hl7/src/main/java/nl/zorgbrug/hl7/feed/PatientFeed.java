package nl.zorgbrug.hl7.feed;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.IdentityConflict;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.mpi.MpiStore;
import nl.zorgbrug.bsn.mpi.SbvzVerification;
import nl.zorgbrug.gateway.job.Transactions;
import nl.zorgbrug.gateway.merge.PatientMerge;

/**
 * Applies the hospital's identity feed to the master patient index: one {@link PatientUpdate} in one transaction,
 * so a message is applied whole or not at all.
 *
 * <p>The EPD is the source of identity, but the node never resolves a contradiction by itself (issue 16): a BSN that
 * another local patient already carries, a BSN failing the 11-proof, or a merge of two patients with different BSNs
 * is accepted with a warning and the patient is marked conflicted ({@link IdentityConflict}), which holds their
 * exports until a person clears it in the MPI. So no two unconflicted patients of this hospital ever share a BSN.
 * A conflict is only ever cleared by a person, never by a later message.
 *
 * <p>After a change has committed, {@code afterChange} runs (in the node a coalesced {@code MpiRecheck}: held jobs
 * and quarantine entries are looked at again).
 */
public final class PatientFeed {

    /**
     * What the feed works on. {@code localIssuer} is this hospital's issuer of patient numbers in the MPI;
     * {@code merges} carries a merge or change of number to what the gateway holds under the prior number, in the
     * same transaction (null: nothing is held, as in tests of the MPI alone).
     */
    public record Ports(MpiStore mpi, String localIssuer, Transactions transactions, Clock clock, Runnable afterChange,
                        PatientMerge merges) {
        public Ports {
            Objects.requireNonNull(mpi, "mpi");
            Objects.requireNonNull(localIssuer, "localIssuer");
            Objects.requireNonNull(transactions, "transactions");
            Objects.requireNonNull(clock, "clock");
            afterChange = afterChange == null ? () -> { } : afterChange;
        }

        public Ports(MpiStore mpi, String localIssuer, Transactions transactions, Clock clock, Runnable afterChange) {
            this(mpi, localIssuer, transactions, clock, afterChange, null);
        }
    }

    private final Ports ports;

    public PatientFeed(Ports ports) {
        this.ports = ports;
    }

    /**
     * Applies one update in one transaction.
     *
     * @throws FeedRefusedException when the update cannot be applied as it stands; nothing was changed
     */
    public FeedResult apply(PatientUpdate update) {
        return apply(List.of(update));
    }

    /**
     * Applies the updates of one message (an A40 may merge several pairs) in one transaction: all or nothing.
     *
     * @throws FeedRefusedException when one cannot be applied as it stands; nothing was changed
     */
    public FeedResult apply(List<PatientUpdate> updates) {
        return ports.transactions().inOne(() -> {
            List<FeedResult.Warning> warnings = new ArrayList<>();
            for (PatientUpdate update : updates) {
                if (update instanceof PatientUpdate.Register r) {
                    register(r.patient(), null, warnings);
                } else if (update instanceof PatientUpdate.Merge m) {
                    merge(m, warnings);
                } else if (update instanceof PatientUpdate.ChangeIdentifier c) {
                    changeIdentifier(c, warnings);
                } else if (update instanceof PatientUpdate.Unlink u) {
                    register(u.first(), null, warnings);
                    register(u.second(), null, warnings);
                }
            }
            ports.transactions().afterCommit(ports.afterChange());
            return new FeedResult(warnings);
        });
    }

    private void merge(PatientUpdate.Merge m, List<FeedResult.Warning> warnings) {
        if (m.priorLocalId().equals(m.survivor().localId())) {
            throw new FeedRefusedException("MRG-1", "the prior patient number is the surviving one; nothing to merge");
        }
        Optional<MpiPatient> prior = ports.mpi().byLocalId(m.priorLocalId(), ports.localIssuer());
        if (prior.isEmpty()) {
            warnings.add(new FeedResult.Warning("MRG-1", "the prior patient " + Bsn.mask(m.priorLocalId())
                    + " is not in the MPI; only the surviving patient was registered"));
        }
        ports.mpi().remove(m.priorLocalId(), ports.localIssuer());
        MpiPatient survivor = register(m.survivor(), prior.orElse(null), warnings);
        if (prior.isPresent() && prior.get().bsn() != null && survivor.bsn() != null
                && !prior.get().bsn().equals(survivor.bsn())) {
            ports.mpi().save(conflicted(survivor, IdentityConflict.Kind.MERGED_DIFFERENT_BSN, "MRG-1",
                    "the merged patient " + Bsn.mask(m.priorLocalId()) + " had BSN " + prior.get().bsn()
                            + ", the surviving one has " + survivor.bsn(), warnings));
        }
        repoint(m.priorLocalId(), survivor.localId(), "A40");
    }

    /**
     * Jobs, quarantine links and later arrivals under the prior number go to the survivor, in this transaction: even
     * when the MPI never knew the prior number, objects may be held under it (PATIENT_NOT_IN_MPI).
     */
    private void repoint(String priorLocalId, String survivorLocalId, String event) {
        if (ports.merges() != null) {
            ports.merges().merged(priorLocalId, survivorLocalId, event);
        }
    }

    private void changeIdentifier(PatientUpdate.ChangeIdentifier c, List<FeedResult.Warning> warnings) {
        String newId = c.patient().localId();
        if (c.priorLocalId().equals(newId)) {
            throw new FeedRefusedException("MRG-1", "the prior patient number equals the new one; nothing to change");
        }
        Optional<MpiPatient> prior = ports.mpi().byLocalId(c.priorLocalId(), ports.localIssuer());
        if (ports.mpi().byLocalId(newId, ports.localIssuer()).isPresent() && prior.isPresent()) {
            // HL7 v2.5 3.3.47: A47 moves an identifier to a new value; onto an existing patient that is a merge (A40).
            throw new FeedRefusedException("PID-3", "the new patient number " + Bsn.mask(newId)
                    + " already exists in the MPI; send an A40 to merge two patients");
        }
        ports.mpi().remove(c.priorLocalId(), ports.localIssuer());
        if (prior.isEmpty()) {
            warnings.add(new FeedResult.Warning("MRG-1", "the prior patient number " + Bsn.mask(c.priorLocalId())
                    + " is not in the MPI; the patient was registered under the new number"));
        }
        register(c.patient(), prior.orElse(null), warnings);
        repoint(c.priorLocalId(), newId, "A47");
    }

    /**
     * Saves the patient as the feed gives it. {@code carried} is a patient whose facts move over (a merge's prior
     * patient, a changed number's old record): its register answer when the BSN is the same, and its conflict.
     */
    private MpiPatient register(FeedPatient fp, MpiPatient carried, List<FeedResult.Warning> warnings) {
        Optional<Bsn> given = fp.bsnText() == null ? Optional.empty() : Bsn.tryParse(fp.bsnText());
        // One read for the patient and the BSN's other carriers, one upsert: a message costs two statements and the
        // commit (docs/benchmarks.md, the EPD feed).
        MpiStore.NumberAndBsn found = ports.mpi().byLocalIdOrBsn(fp.localId(), ports.localIssuer(),
                given.orElse(null));
        Optional<MpiPatient> existing = found.patient();
        IdentityConflict conflict = existing.map(MpiPatient::conflict)
                .orElse(carried == null ? null : carried.conflict());
        Bsn bsn = null;
        BsnStatus status = BsnStatus.NONE;
        SbvzVerification answer = null;
        String invalidBsn = null;
        if (fp.bsnText() != null) {
            if (given.isEmpty()) {
                invalidBsn = fp.bsnText();
                // The MPI cannot hold a number failing the 11-proof; the one it had stays, with a conflict that
                // holds exports, until a person looks.
                bsn = existing.map(MpiPatient::bsn).orElse(null);
                status = existing.map(MpiPatient::bsnStatus).orElse(BsnStatus.NONE);
                answer = existing.map(MpiPatient::verification).orElse(null);
            } else {
                bsn = given.get();
                MpiPatient before = existing.orElse(carried);
                boolean sameBsn = before != null && bsn.equals(before.bsn());
                // No status in the message: the facts established for the same BSN stay; a new BSN starts unchecked.
                status = fp.bsnStatus() != null ? fp.bsnStatus() : sameBsn ? before.bsnStatus() : BsnStatus.UNCHECKED;
                answer = sameBsn ? before.verification() : null;
                if (fp.bsnStatus() == BsnStatus.NONE) {
                    status = BsnStatus.UNCHECKED;
                }
            }
        }
        MpiPatient p = new MpiPatient(fp.localId(), ports.localIssuer(), bsn, bsn == null ? BsnStatus.NONE : status,
                fp.familyName(), fp.givenName(), fp.birthDate(), fp.sex(), answer, conflict);
        if (invalidBsn != null) {
            p = conflicted(p, IdentityConflict.Kind.INVALID_BSN, "PID-3", "the BSN " + Bsn.mask(invalidBsn)
                    + " fails the 11-proof or is not 9 digits", warnings);
        } else if (bsn != null) {
            // Here bsn is the message's own, whose carriers were read above.
            List<MpiPatient> others = found.othersThan(fp.localId());
            if (!others.isEmpty()) {
                p = conflicted(p, IdentityConflict.Kind.DUPLICATE_BSN, "PID-3", "the BSN " + bsn + " is also carried by "
                        + String.join(", ", others.stream().map(o -> Bsn.mask(o.localId())).toList()), warnings);
            }
        }
        ports.mpi().save(p);
        return p;
    }

    /** The patient marked conflicted (an earlier conflict stays: the first reason is the one a person must see). */
    private MpiPatient conflicted(MpiPatient p, IdentityConflict.Kind kind, String field, String detail,
                                  List<FeedResult.Warning> warnings) {
        warnings.add(new FeedResult.Warning(field, "identity conflict, exports held: " + detail));
        if (p.conflicted()) {
            return p;
        }
        return p.withConflict(new IdentityConflict(kind, field + ": " + detail, ports.clock().instant()));
    }
}
