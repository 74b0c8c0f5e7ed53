package nl.zorgbrug.registry.source;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Failure;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.manifest.ManifestBuilder;
import nl.zorgbrug.gateway.manifest.ManifestUids;
import nl.zorgbrug.gateway.manifest.StudyManifest;
import nl.zorgbrug.registry.model.EbRim;
import nl.zorgbrug.registry.source.KosRepository.KeptKos;

/**
 * One attempt of a registration job (issue 20 part 2): the study's XDS-I.b manifest is built from the heads of its
 * instances, kept in the node's repository with the ITI-42 request made for it, and that request is sent to the
 * registry (ITI-42, the node an integrated source/repository) or, with its documents, to an external repository
 * (RAD-68, {@link Rad68Submitter}); the rules below hold for both, the repository answering for its registry. The
 * KOS and the request are made once per job: every later attempt sends the kept request unchanged, so after a lost
 * answer the registry sees a resend (ITI TF-2 §3.42; our registry answers Success and stores nothing
 * twice). What comes of an attempt:
 * <ul>
 *   <li>Success from the registry: {@link Result.Registered}; the job is DONE.</li>
 *   <li>No answer, or the registry busy / out of resources / not available: a transient {@link Result.Failed}; the job
 *   manager retries with backoff.</li>
 *   <li>Any other Failure (a metadata error, an unknown patient): {@link Result.Held} with the codes and the registry's
 *   words; a person fixes the cause (the MPI, the PACS's study) and releases the job.</li>
 *   <li>A study this node imported, or an import job: {@link Result.Failed} for good, never registered: its source is
 *   the institution it came from, which registers it there.</li>
 *   <li>The study got other instances after its KOS was made: a replacement KOS of all its instances is made, kept
 *   and registered as a new DocumentEntry with an RPLC association to the old one (ITI TF-3 §4.1.6.1); the registry
 *   deprecates the old entry. It follows the same rules: made once, kept before its first send, resent unchanged.</li>
 * </ul>
 */
public final class KosRegistrar {

    /**
     * How this node registers: the AE title the KOS names as its source, the Retrieve Location UID each series gets
     * (RAD TF-3 §4.68.4.1.2.1: the repositoryUniqueId of the Imaging Document Source), and the submission's settings.
     */
    public record Settings(String aeTitle, String retrieveLocationUid, KosSubmission.Source source,
                           org.openehealth.ipf.commons.ihe.xds.core.metadata.Code reportClass) {
        public Settings {
            Objects.requireNonNull(aeTitle, "aeTitle");
            Objects.requireNonNull(retrieveLocationUid, "retrieveLocationUid");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(reportClass, "reportClass");
        }

        /** Reports with classCode {@link KosSubmission#REPORTS}. */
        public Settings(String aeTitle, String retrieveLocationUid, KosSubmission.Source source) {
            this(aeTitle, retrieveLocationUid, source, KosSubmission.REPORTS);
        }
    }

    /**
     * One instance of the study as the attempt reads it.
     *
     * @param head the head as the PACS sent it (the local patient id)
     * @param bsn  the patient's BSN in (0010,0020) after the route's edits (the export swap), if there is one
     */
    public record StudyObject(DataSet head, Optional<Bsn> bsn) {
    }

    /** How an attempt ended. */
    public sealed interface Result {
        record Registered(KeptKos kos, boolean before) implements Result {
        }

        record Held(String reason) implements Result {
        }

        record Failed(Failure failure) implements Result {
        }
    }

    private final Settings settings;
    private final KosRepository repository;
    private final KosSubmitter submitter;
    private final SourceEvents events;
    private final Predicate<String> importedHere;
    private final Clock clock;

    /** @param importedHere whether this node imported the study of that Study Instance UID (an IMPORT job has it) */
    public KosRegistrar(Settings settings, KosRepository repository, Iti42Client client, SourceEvents events,
                        Predicate<String> importedHere, Clock clock) {
        this(settings, repository, KosSubmitter.iti42(client), events, importedHere, clock);
    }

    /**
     * @param submitter ITI-42 to the registry ({@link KosSubmitter#iti42}) or RAD-68 to an external repository
     *                  ({@link Rad68Submitter})
     */
    public KosRegistrar(Settings settings, KosRepository repository, KosSubmitter submitter, SourceEvents events,
                        Predicate<String> importedHere, Clock clock) {
        this.settings = settings;
        this.repository = repository;
        this.submitter = submitter;
        this.events = events;
        this.importedHere = importedHere;
        this.clock = clock;
    }

    /**
     * @param job        the registration job
     * @param objects    every instance of the job's study still to be registered (this attempt's batch)
     * @param allUids    the SOP Instance UIDs of all the job's instances: what the KOS lists
     */
    public Result attempt(Job job, List<StudyObject> objects, Set<String> allUids, RegistryEndpoint registry) {
        if (job.direction() == Direction.IMPORT || importedHere.test(job.studyInstanceUid())) {
            return new Result.Failed(new Failure(true, "IMPORTED_STUDY: study " + job.studyInstanceUid() + " came"
                    + " to this node from another institution; only studies of the own PACS are registered (their"
                    + " source registers the others). Take the registration route off the PACS's forwarding of"
                    + " imported studies; cancel this job"));
        }
        String uid = ManifestUids.manifest(settings.aeTitle(), job.id(), job.studyInstanceUid(), job.destination(),
                null, null, allUids);
        Optional<KeptKos> kept = repository.forJob(job.id());
        if (kept.isPresent() && !kept.get().documentUniqueId().equals(uid)) {
            return replace(job, uid, kept.get(), objects, allUids, registry);
        }
        KeptKos kos;
        if (kept.isPresent()) {
            kos = kept.get();
        } else {
            Made made;
            try {
                made = make(job, uid, objects, allUids, null);
            } catch (Unfit e) {
                return new Result.Held(e.getMessage());
            }
            repository.keep(made.kos(), made.reports());
            kos = made.kos();
        }
        if (kos.registered() != null) {
            // Registered in an earlier attempt whose end the job did not record (the node stopped in between).
            return new Result.Registered(kos, true);
        }
        return send(kos, registry);
    }

    /**
     * The study got other instances after its current KOS was made: a new KOS of all instances now known replaces it
     * (ITI TF-3 §4.1.6.1, RPLC), kept with its request before that is first sent, as the first KOS was; later attempts
     * find it as the job's current KOS and send its kept request unchanged.
     */
    private Result replace(Job job, String uid, KeptKos current, List<StudyObject> objects, Set<String> allUids,
                           RegistryEndpoint registry) {
        if (current.registered() == null) {
            // The current KOS first: it may be in the registry already (sent, answer lost), and an RPLC must name an
            // entry the registry holds (else UnresolvedReferenceException). Its resend stores nothing twice.
            Result first = send(current, registry);
            if (!(first instanceof Result.Registered)) {
                return first;
            }
            current = repository.find(current.documentUniqueId()).orElseThrow(() -> new IllegalStateException(
                    "KOS " + uid + " was registered but is no longer in the node's repository"));
        }
        Made replacement;
        try {
            replacement = make(job, uid, objects, allUids, current);
        } catch (Unfit e) {
            return new Result.Held(e.getMessage());
        }
        repository.keep(replacement.kos(), replacement.reports());
        return send(replacement.kos(), registry);
    }

    private Result send(KeptKos kos, RegistryEndpoint registry) {
        RegisterDocumentSet request = EbRim.read(kos.submission());
        Bsn bsn = Bsn.parse(request.getSubmissionSet().getPatientId().getId());
        String tx = submitter.transaction();
        Response response;
        try {
            response = submitter.submit(registry, request, kos);
        } catch (IOException e) {
            return new Result.Failed(Failure.ofException(e));
        } catch (IllegalStateException e) {
            return new Result.Held(e.getMessage());
        }
        if (response.getStatus() == Status.SUCCESS) {
            repository.registered(kos.documentUniqueId(), clock.instant());
            events.registered(bsn, kos.studyInstanceUid(), kos.documentUniqueId(), kos.jobId(), registry.url(),
                    SourceEvents.Outcome.REGISTERED, tx + " to " + registry.url() + ": KOS " + kos.documentUniqueId()
                            + " registered (SubmissionSet " + request.getSubmissionSet().getUniqueId() + ")"
                            + (kos.replaces() == null ? "" : ", replacing KOS " + kos.replaces() + " (RPLC)"));
            return new Result.Registered(kos, false);
        }
        String errors = response.getErrors().stream().map(KosRegistrar::describe).collect(Collectors.joining("; "));
        if (!response.getErrors().isEmpty() && response.getErrors().stream().allMatch(KosRegistrar::transient_)) {
            return new Result.Failed(new Failure(false, tx + ": the " + peer() + " cannot take it now: " + errors));
        }
        events.registered(bsn, kos.studyInstanceUid(), kos.documentUniqueId(), kos.jobId(), registry.url(),
                SourceEvents.Outcome.REFUSED, tx + " to " + registry.url() + ": KOS " + kos.documentUniqueId()
                        + " refused: " + errors);
        return new Result.Held(peer().toUpperCase(java.util.Locale.ROOT) + "_REFUSED: the " + peer() + " refused the"
                + " KOS " + kos.documentUniqueId() + " ("
                + (errors.isEmpty() ? "status " + response.getStatus() + " without errors" : errors) + "). Fix what it"
                + " names (the patient in the MPI, the study in the PACS) and release the job: the same request is sent"
                + " again");
    }

    /**
     * ITI TF-3 Table 4.2.4.1-2: the codes that say "later", not "wrong" — the registry's, and for RAD-68 the
     * repository's own (XDSRepositoryBusy, XDSRepositoryOutOfResources).
     */
    private static boolean transient_(ErrorInfo e) {
        return e.getErrorCode() == ErrorCode.REGISTRY_BUSY || e.getErrorCode() == ErrorCode.REGISTRY_OUT_OF_RESOURCES
                || e.getErrorCode() == ErrorCode.REGISTRY_NOT_AVAILABLE || e.getErrorCode() == ErrorCode.REPOSITORY_BUSY
                || e.getErrorCode() == ErrorCode.REPOSITORY_OUT_OF_RESOURCES;
    }

    /** Who answers the submission: the registry (ITI-42), or the external repository for itself and its registry. */
    private String peer() {
        return "RAD-68".equals(submitter.transaction()) ? "repository" : "registry";
    }

    private static String describe(ErrorInfo e) {
        String code = e.getErrorCode() == null ? e.getCustomErrorCode() : e.getErrorCode().getOpcode();
        return code + (e.getCodeContext() == null ? "" : ": " + e.getCodeContext());
    }

    /** Why the KOS cannot be made: the job is HELD with this reason. */
    private static final class Unfit extends Exception {
        Unfit(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * The KOS and its request; with {@code replaced} a replacement KOS: the instances the replaced KOS lists (the
     * spool may have let them go after their registration) and the new ones, those of {@code allUids}, and an RPLC
     * to the replaced entry.
     */
    /** A KOS made with its request, and the reports that request registers beside it. */
    private record Made(KeptKos kos, List<KosRepository.KeptReport> reports) {
    }

    private Made make(Job job, String uid, List<StudyObject> objects, Set<String> allUids, KeptKos replaced)
            throws Unfit {
        if (objects.isEmpty()) {
            throw new Unfit("NO_INSTANCES: none of the study's instances is in the spool to build its KOS from;"
                    + " have the PACS send the study again");
        }
        Set<Bsn> bsns = objects.stream().map(StudyObject::bsn).flatMap(Optional::stream).collect(Collectors.toSet());
        if (bsns.size() != 1 || objects.stream().anyMatch(o -> o.bsn().isEmpty())) {
            throw new Unfit(bsns.size() > 1 ? "BSN_DIFFERS: the study's instances name different patients after"
                    + " the export swap; check the study in the PACS and the MPI, then release the job"
                    : "NO_BSN: the route gave the study no BSN in (0010,0020) with issuer " + Bsn.ISSUER_OID + "; the"
                    + " registry knows patients by BSN only. Give the registration route the export swap (its direction"
                    + " EXPORT) and the patient a BSN in the MPI, then release the job");
        }
        Bsn bsn = bsns.iterator().next();
        Map<String, StudyManifest.Reference> references = new LinkedHashMap<>();
        Set<String> modalities = new TreeSet<>();
        DocumentEntry replacedEntry = null;
        if (replaced != null) {
            replacedEntry = EbRim.read(replaced.submission()).getDocumentEntries().get(0);
            if (!bsn.equals(Bsn.parse(replacedEntry.getPatientId().getId()))) {
                throw new Unfit("BSN_DIFFERS: the study's new instances name another patient than its registered KOS "
                        + replaced.documentUniqueId() + "; check the study in the PACS and the MPI, then release the"
                        + " job");
            }
            for (StudyManifest.Reference r : listed(replaced)) {
                references.put(r.sopInstanceUid(), r);
            }
            replacedEntry.getEventCodeList().forEach(c -> modalities.add(c.getCode()));
        }
        for (StudyObject o : objects) {
            DataSet h = o.head();
            String series = h.getString(Tag.SeriesInstanceUID);
            if (series == null || !job.studyInstanceUid().equals(h.getString(Tag.StudyInstanceUID))) {
                throw new Unfit("INSTANCE_UNFIT: instance " + h.getString(Tag.SOPInstanceUID) + " has no Series"
                        + " Instance UID or belongs to another study; fix it in the PACS");
            }
            references.put(h.getString(Tag.SOPInstanceUID), new StudyManifest.Reference(series,
                    h.getString(Tag.SOPClassUID), h.getString(Tag.SOPInstanceUID)));
            String modality = h.getString(Tag.Modality);
            if (modality != null && !modality.isBlank()) {
                modalities.add(modality.strip());
            }
        }
        if (replaced != null) {
            // The replacement's uniqueId derives from allUids: it must list exactly those, no instance the study lost
            // and none it cannot name.
            references.keySet().retainAll(allUids);
            Set<String> unknown = new TreeSet<>(allUids);
            unknown.removeAll(references.keySet());
            if (!unknown.isEmpty()) {
                throw new Unfit("STUDY_CHANGED: the study got other instances after its KOS " + replaced
                        .documentUniqueId() + " was made, and " + unknown.size() + " of them (e.g. " + unknown
                        .iterator().next() + ") are neither in the spool nor in that KOS, so the replacement (RPLC)"
                        + " cannot list them; have the PACS send the whole study again, then release the job");
            }
        }
        try {
            ZonedDateTime now = ZonedDateTime.now(clock.withZone(settings.source().zone()));
            DicomFile file = ManifestBuilder.buildXdsi(objects.get(0).head(), new StudyManifest(uid,
                    job.studyInstanceUid(), null, null, List.copyOf(references.values())), ManifestUids.series(uid),
                    LocalDateTime.from(now), settings.aeTitle(), settings.retrieveLocationUid());
            byte[] bytes = bytes(file);
            RegisterDocumentSet request = replaced == null
                    ? KosSubmission.of(file.dataSet(), bytes, bsn, modalities, settings.source(), now)
                    : KosSubmission.replacing(file.dataSet(), bytes, bsn, modalities, settings.source(), now,
                    replacedEntry.getEntryUuid());
            List<KosRepository.KeptReport> reports = reports(objects, request, uid, job.studyInstanceUid(), now);
            return new Made(new KeptKos(uid, job.studyInstanceUid(), job.id(), bytes, EbRim.write(request),
                    clock.instant(), null, replaced == null ? null : replaced.documentUniqueId()), reports);
        } catch (IllegalArgumentException e) {
            throw new Unfit("KOS_UNFIT: " + e.getMessage());
        }
    }

    /**
     * The study's reports (an SR with text, an Encapsulated PDF: {@link ReportDocument}) among this attempt's objects,
     * each added to the KOS's request as a DocumentEntry of its own (classCode {@link Settings#reportClass()}, the
     * KOS's referenceIdList) and kept for ITI-43. What a replacement KOS means for the reports (docs/availability.md):
     * the RPLC replaces the KOS entry only; a report registered with an earlier KOS of the study stays as it is (it is
     * not added again: its uniqueId is registered, a second entry would be XDSDuplicateUniqueIdInRegistry). A report
     * that came with the change is added to the replacement's submission; when it names a report registered here in
     * its Predecessor Documents Sequence (0040,A360; PS3.3 C.17.2, SR Document General Module: a corrected report is
     * a new SR that names the one it revises), its entry replaces that report's entry (RPLC, ITI TF-3 §4.1.6.1), so a
     * consumer finds the corrected report Approved and the earlier one Deprecated.
     */
    private List<KosRepository.KeptReport> reports(List<StudyObject> objects, RegisterDocumentSet request,
                                                   String kosUid, String study, ZonedDateTime now) {
        List<KosRepository.KeptReport> out = new ArrayList<>();
        for (StudyObject o : objects) {
            Optional<ReportDocument> report = ReportDocument.of(o.head());
            if (report.isEmpty() || repository.findReport(report.get().uniqueId())
                    .filter(r -> !r.kosUniqueId().equals(kosUid)).isPresent()) {
                continue;
            }
            KosSubmission.withReport(request, report.get(), settings.reportClass(), now);
            DocumentEntry entry = request.getDocumentEntries().get(request.getDocumentEntries().size() - 1);
            for (String predecessor : predecessors(o.head())) {
                registeredEntryUuid(predecessor).ifPresent(target -> request.getAssociations().add(
                        new org.openehealth.ipf.commons.ihe.xds.core.metadata.Association(
                                org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType.REPLACE,
                                "urn:uuid:" + java.util.UUID.randomUUID(), entry.getEntryUuid(), target)));
            }
            out.add(new KosRepository.KeptReport(report.get().uniqueId(), kosUid, study, report.get().mimeType(),
                    report.get().bytes(), clock.instant()));
        }
        return out;
    }

    /**
     * The SOP Instance UIDs of (0040,A360) Predecessor Documents Sequence (PS3.3 C.17.2, items of the Hierarchical SOP
     * Instance Reference Macro).
     */
    private static List<String> predecessors(DataSet head) {
        List<String> out = new ArrayList<>();
        for (DataSet study : orEmpty(head.getSequence(Tag.PredecessorDocumentsSequence))) {
            for (DataSet series : orEmpty(study.getSequence(Tag.ReferencedSeriesSequence))) {
                for (DataSet sop : orEmpty(series.getSequence(Tag.ReferencedSOPSequence))) {
                    String uid = sop.getString(Tag.ReferencedSOPInstanceUID);
                    if (uid != null && !uid.isBlank()) {
                        out.add(uid.strip());
                    }
                }
            }
        }
        return out;
    }

    /** The entryUUID under which a report kept here was registered: in the kept submission of its (registered) KOS. */
    private Optional<String> registeredEntryUuid(String reportUid) {
        return repository.findReport(reportUid)
                .flatMap(r -> repository.find(r.kosUniqueId()))
                .filter(k -> k.registered() != null)
                .flatMap(k -> EbRim.read(k.submission()).getDocumentEntries().stream()
                        .filter(e -> reportUid.equals(e.getUniqueId())).findFirst())
                .map(DocumentEntry::getEntryUuid);
    }

    /** The instances a kept KOS lists: its Current Requested Procedure Evidence Sequence (PS3.3 C.17.6). */
    static List<StudyManifest.Reference> listed(KeptKos kos) {
        DataSet ds;
        try {
            ds = Part10Reader.read(new ByteArrayInputStream(kos.kos()), kos.documentUniqueId(), kos.kos().length, -1L)
                    .dataSet();
        } catch (IOException e) {
            throw new UncheckedIOException("the kept KOS " + kos.documentUniqueId() + " cannot be read back: "
                    + e.getMessage(), e);
        }
        List<StudyManifest.Reference> out = new ArrayList<>();
        for (DataSet study : orEmpty(ds.getSequence(Tag.CurrentRequestedProcedureEvidenceSequence))) {
            for (DataSet series : orEmpty(study.getSequence(Tag.ReferencedSeriesSequence))) {
                for (DataSet sop : orEmpty(series.getSequence(Tag.ReferencedSOPSequence))) {
                    out.add(new StudyManifest.Reference(series.getString(Tag.SeriesInstanceUID),
                            sop.getString(Tag.ReferencedSOPClassUID), sop.getString(Tag.ReferencedSOPInstanceUID)));
                }
            }
        }
        return out;
    }

    private static List<DataSet> orEmpty(List<DataSet> items) {
        return items == null ? List.of() : items;
    }

    private static byte[] bytes(DicomFile file) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Part10Writer.write(file, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing a KOS to memory failed: " + e.getMessage(), e);
        }
    }
}
