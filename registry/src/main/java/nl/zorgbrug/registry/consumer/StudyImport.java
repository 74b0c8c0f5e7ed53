package nl.zorgbrug.registry.consumer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.Part10Reader;

/**
 * One attempt to import a study of the timeline (issue 20 part 3): the KOS by ITI-43 (ITI TF-2 §3.43) from the
 * repository the index names, the instances it lists from the source, each handed to the gateway's import route
 * (import swap to the local id; the BSN rules choose import or quarantine).
 *
 * <p><b>Whose instances.</b> The index binds the patient (the BSN) to the source's own id, the DocumentEntry's
 * sourcePatientId (ITI TF-3 §4.2.3.2.23). An instance that carries that id and issuer, as the source's PACS keeps
 * it, is the requested patient's: its primary id becomes the BSN with the BSN OID (the source's id kept as an item
 * of (0010,1002) Other Patient IDs Sequence), so the import swap can map it to the local id. One that already carries
 * the requested BSN with the BSN OID (a source that applied its export swap) goes as it is. Any other instance (another
 * BSN, another id or issuer) is handed to the import route with a quarantine reason naming the identity asked for and
 * the one found (masked): it lands on the quarantine worklist for a person to link or reject, and the rest of the
 * study goes on (issue 20, bad input). The attempt ends {@link Outcome#DONE} with the quarantined count and a reason
 * listing those instances.
 *
 * <p>An attempt that could not reach the repository or the source ends {@link Outcome#RETRY}: instances already
 * handed on are in the spool and, kept by the caller ({@link Progress}), not fetched or handed on again: a copy fetched
 * again is not byte-identical to the first, and the gateway would take it for a corrected version.
 */
public final class StudyImport {

    /** ITI-43 Retrieve Document Set to a repository: the document's bytes. */
    @FunctionalInterface
    public interface Iti43 {
        /** @throws IOException no answer, or the repository refused (the text says which) */
        byte[] retrieve(String repositoryUniqueId, String homeCommunityId, String documentUniqueId) throws IOException;
    }

    /** The source of the instances (WADO-RS, PS3.18 §10.4, or C-MOVE), as the address book lists it. */
    @FunctionalInterface
    public interface InstanceSource {
        DicomFile fetch(String repositoryUniqueId, ManifestInstances.Instance instance) throws IOException;
    }

    /** The gateway's import route. */
    @FunctionalInterface
    public interface ImportRoute {
        /**
         * @param quarantine null: the route decides (import swap to the local id, or its own quarantine); otherwise
         *                   the instance goes to the quarantine worklist with this reason, for a person to decide
         * @return what the route did: admitted to a job (imported) or quarantined
         */
        Admission admit(DicomFile instance, QuarantineReason quarantine) throws IOException;
    }

    /**
     * What one import handed to the import route in its earlier attempts, kept by the caller (the node: V74), so that
     * an attempt after a stop or a retry does not fetch those instances again. Fetched again, an instance is not
     * byte-identical to the one handed on before (the source's export swap stamps its Original Attributes Sequence
     * with the time of the retrieval, PS3.3 C.12.1.1.9), so the gateway took it for a corrected version and sent it to
     * the PACS a second time (ImportKillTest, the consumer killed mid-import: 42 of 50 instances twice).
     *
     * <p><b>The instance in hand.</b> The route's own unit of work (spooled, then its job or the quarantine worklist,
     * one commit) and the record of it here are two transactions, and the route spools before it commits. So each
     * instance is marked {@linkplain #handing(String) in hand} before the route gets it and recorded
     * {@linkplain #handed(String, Admission) handed} after. One still in hand at the next attempt was cut off (the node
     * stopped) between the two: whether the route took it is then the gateway's own record to say
     * ({@link #takenByRoute}), not a guess either way. The route's commit had come and only the record was lost, or the
     * spooled file was admitted again at the node's start (the gateway's readmission): it is the route's and is not
     * fetched again; otherwise nothing of it reached the route and it is fetched as if new.
     */
    public interface Progress {
        /** SOP Instance UID -> what the route did with it, for every instance handed on in earlier attempts. */
        Map<String, Admission> handed();

        /** Called right after the route took an instance (imported or quarantined). */
        void handed(String sopInstanceUid, Admission admission);

        /** The instances marked in hand by an earlier attempt and never recorded handed: cut off mid-hand-over. */
        Set<String> handing();

        /** Called just before the route is given an instance; kept until {@link #handed(String, Admission)}. */
        void handing(String sopInstanceUid);

        /**
         * What the gateway's import route holds of an instance of the import's study by its SOP Instance UID: in a
         * job of the route (IMPORTED) or on its quarantine worklist (QUARANTINED); empty when it never took it.
         * Asked only for an instance cut off mid-hand-over ({@link #handing()}).
         */
        Optional<Admission> takenByRoute(String sopInstanceUid);

        /** Keeps nothing: every attempt fetches every instance. */
        static Progress none() {
            return new Progress() {
                @Override
                public Map<String, Admission> handed() {
                    return Map.of();
                }

                @Override
                public void handed(String sopInstanceUid, Admission admission) {
                }

                @Override
                public Set<String> handing() {
                    return Set.of();
                }

                @Override
                public void handing(String sopInstanceUid) {
                }

                @Override
                public Optional<Admission> takenByRoute(String sopInstanceUid) {
                    return Optional.empty();
                }
            };
        }
    }

    /** Why an instance may not be imported automatically: a code for machines, a message for people (nl, en). */
    public record QuarantineReason(String code, String messageNl, String messageEn) {
    }

    public enum Admission { IMPORTED, QUARANTINED, REFUSED }

    public enum Outcome {
        /** Every instance of the KOS was handed to the import route. */
        DONE,
        /** The repository or the source could not be reached: try again later. */
        RETRY,
        /** A person must act (a KOS that is no manifest of the study, an instance the import route refused). */
        HELD
    }

    /** What to import: the row's study and manifest, for the patient asked for. */
    public record Request(Bsn bsn, String studyInstanceUid, IndexedDocument manifest) {
        public Request {
            Objects.requireNonNull(bsn, "bsn");
            Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
            Objects.requireNonNull(manifest, "manifest");
        }
    }

    /** What one attempt did; the counts include what earlier attempts of the import handed on ({@link Progress}). */
    public record Result(Outcome outcome, int instances, int imported, int quarantined, String reason) {
    }

    private final Iti43 iti43;
    private final InstanceSource source;
    private final ImportRoute route;

    public StudyImport(Iti43 iti43, InstanceSource source, ImportRoute route) {
        this.iti43 = Objects.requireNonNull(iti43);
        this.source = Objects.requireNonNull(source);
        this.route = Objects.requireNonNull(route);
    }

    public Result attempt(Request request) {
        return attempt(request, Progress.none());
    }

    /** An attempt of an import that {@code progress} remembers: what an earlier attempt handed on is not fetched. */
    public Result attempt(Request request, Progress progress) {
        IndexedDocument m = request.manifest();
        byte[] kosBytes;
        try {
            kosBytes = iti43.retrieve(m.repositoryUniqueId(), m.homeCommunityId(), m.uniqueId());
        } catch (IOException e) {
            return new Result(Outcome.RETRY, 0, 0, 0, "ITI-43 of the KOS from repository " + m.repositoryUniqueId()
                    + ": " + e.getMessage());
        }
        List<ManifestInstances.Instance> instances;
        try {
            DataSet kos = Part10Reader.read(new ByteArrayInputStream(kosBytes), "KOS " + m.uniqueId(),
                    kosBytes.length, -1L).dataSet();
            instances = ManifestInstances.of(kos, request.studyInstanceUid());
        } catch (IOException | IllegalArgumentException e) {
            return new Result(Outcome.HELD, 0, 0, 0, "KOS_UNFIT: " + e.getMessage());
        }
        int imported = 0;
        int quarantined = 0;
        List<String> otherPatient = new ArrayList<>();
        Map<String, Admission> handed = progress.handed();
        Set<String> inHand = progress.handing();
        for (ManifestInstances.Instance i : instances) {
            Admission before = handed.get(i.sopInstanceUid());
            if (before == null && inHand.contains(i.sopInstanceUid())) {
                // Cut off mid-hand-over (the node stopped): the gateway's own record says whether the route took it.
                before = progress.takenByRoute(i.sopInstanceUid()).orElse(null);
                if (before != null) {
                    progress.handed(i.sopInstanceUid(), before);
                }
            }
            if (before == Admission.IMPORTED) {
                imported++;
                continue;
            }
            if (before == Admission.QUARANTINED) {
                quarantined++;
                otherPatient.add(i.sopInstanceUid());
                continue;
            }
            DicomFile file;
            try {
                file = source.fetch(m.repositoryUniqueId(), i);
            } catch (IOException e) {
                return new Result(Outcome.RETRY, instances.size(), imported, quarantined, "instance "
                        + i.sopInstanceUid() + " from the source of " + m.repositoryUniqueId() + ": " + e.getMessage());
            }
            Identity identity = identify(file.dataSet(), request.bsn(), m);
            QuarantineReason quarantine = null;
            if (identity == Identity.OTHER_BSN || identity == Identity.OTHER) {
                // Issue 20, bad input: retrieved instances whose PatientID/issuer do not match the requested BSN go
                // to quarantine; the rest of the study goes on.
                quarantine = otherPatient(file.dataSet(), request, identity);
                otherPatient.add(i.sopInstanceUid());
            } else if (identity == Identity.SOURCE_ID) {
                toBsn(file.dataSet(), request.bsn());
            }
            Admission a;
            progress.handing(i.sopInstanceUid());
            try {
                a = route.admit(file, quarantine);
            } catch (IOException e) {
                return new Result(Outcome.RETRY, instances.size(), imported, quarantined, "the import route could"
                        + " not take instance " + i.sopInstanceUid() + ": " + e.getMessage());
            }
            if (a != Admission.REFUSED) {
                progress.handed(i.sopInstanceUid(), a);
            }
            switch (a) {
                case IMPORTED -> imported++;
                case QUARANTINED -> quarantined++;
                case REFUSED -> {
                    return new Result(Outcome.HELD, instances.size(), imported, quarantined, "the import route"
                            + " refused instance " + i.sopInstanceUid());
                }
            }
        }
        String reason = otherPatient.isEmpty() ? null : "PATIENT_DIFFERS: " + otherPatient.size() + " instance(s)"
                + " name another patient than the one asked for and are on the quarantine worklist: "
                + String.join(", ", otherPatient.subList(0, Math.min(5, otherPatient.size())))
                + (otherPatient.size() > 5 ? ", ..." : "");
        return new Result(Outcome.DONE, instances.size(), imported, quarantined, reason);
    }

    /**
     * The quarantine reason for an instance of another patient: the identity asked for against the one found, each
     * masked (a BSN is never whole in a log line or a worklist message; the worklist shows the object itself to the
     * person who decides).
     */
    static QuarantineReason otherPatient(DataSet ds, Request request, Identity identity) {
        IndexedDocument m = request.manifest();
        String id = strip(ds.getString(Tag.PatientID));
        String issuer = strip(ds.getString(Tag.IssuerOfPatientID));
        String found = (identity == Identity.OTHER_BSN ? "BSN " : "patient id ") + Bsn.mask(id) + " (issuer "
                + (issuer == null ? "none" : issuer) + ")";
        String asked = "BSN " + request.bsn().masked() + (m.sourcePatientId() == null ? "" : ", at the source "
                + Bsn.mask(m.sourcePatientId()) + " (issuer " + m.sourcePatientIssuer() + ")");
        String askedNl = "BSN " + request.bsn().masked() + (m.sourcePatientId() == null ? "" : ", bij de bron "
                + Bsn.mask(m.sourcePatientId()) + " (uitgever " + m.sourcePatientIssuer() + ")");
        String foundNl = (identity == Identity.OTHER_BSN ? "BSN " : "patiëntnummer ") + Bsn.mask(id) + " (uitgever "
                + (issuer == null ? "geen" : issuer) + ")";
        return new QuarantineReason(identity == Identity.OTHER_BSN ? "BSN_DIFFERS" : "PATIENT_DIFFERS",
                "Beeldimport van studie " + request.studyInstanceUid() + " uit repository " + m.repositoryUniqueId()
                        + ": gevraagd " + askedNl + ", het object noemt " + foundNl
                        + ". Koppel het aan de juiste patiënt of wijs het af.",
                "Image import of study " + request.studyInstanceUid() + " from repository " + m.repositoryUniqueId()
                        + ": asked for " + asked + ", the instance names " + found
                        + ". Link it to the right patient or reject it.");
    }

    enum Identity { SOURCE_ID, REQUESTED_BSN, OTHER_BSN, OTHER }

    /** Whose the instance is, by (0010,0020) and (0010,0021) against the request and the entry's sourcePatientId. */
    static Identity identify(DataSet ds, Bsn requested, IndexedDocument manifest) {
        String id = strip(ds.getString(Tag.PatientID));
        String issuer = strip(ds.getString(Tag.IssuerOfPatientID));
        if (id == null) {
            return Identity.OTHER;
        }
        if (Bsn.ISSUER_OID.equals(issuer)) {
            return requested.value().equals(id) ? Identity.REQUESTED_BSN : Identity.OTHER_BSN;
        }
        if (manifest.sourcePatientId() != null && manifest.sourcePatientId().equals(id)
                && manifest.sourcePatientIssuer() != null && manifest.sourcePatientIssuer().equals(issuer)) {
            return Identity.SOURCE_ID;
        }
        return Identity.OTHER;
    }

    /** The BSN as primary id with its OID (Nictiz, BSN in DICOM); the source's id and issuer kept in (0010,1002). */
    static void toBsn(DataSet ds, Bsn bsn) {
        DataSet source = new DataSet();
        source.setString(Tag.PatientID, VR.LO, ds.getString(Tag.PatientID).strip());
        source.setString(Tag.IssuerOfPatientID, VR.LO, ds.getString(Tag.IssuerOfPatientID).strip());
        List<DataSet> others = new ArrayList<>();
        List<DataSet> existing = ds.getSequence(Tag.OtherPatientIDsSequence);
        if (existing != null) {
            others.addAll(existing);
        }
        others.add(source);
        ds.setSequence(Tag.OtherPatientIDsSequence, others);
        ds.setString(Tag.PatientID, VR.LO, bsn.value());
        ds.setString(Tag.IssuerOfPatientID, VR.LO, Bsn.ISSUER_OID);
        ds.remove(Tag.IssuerOfPatientIDQualifiersSequence);
    }

    private static String strip(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
