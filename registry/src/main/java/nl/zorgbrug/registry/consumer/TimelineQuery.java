package nl.zorgbrug.registry.consumer;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Organization;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ReferenceId;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.mpi.PullPermission;
import nl.zorgbrug.registry.model.RegistryPatient;
import nl.zorgbrug.registry.service.AnswerConsent;

/**
 * The Document Consumer's timeline (issue 20 part 3): ITI-18 FindDocuments by BSN (ITI TF-2 §3.18.4.1.2.3.7.1) to the
 * configured registry, merged with the own PACS's studies so each Study Instance UID is one row.
 *
 * <p>In this order, each step able to stop the query from leaving:
 * <ol>
 *   <li>Wabvpz: only for a patient known here (the MPI) with at least a verified BSN and no identity conflict
 *       ({@link PullPermission}); otherwise nothing is sent.</li>
 *   <li>Consent (part 4): the patient's consent for purpose image availability for this hospital, asked of the node's
 *       consent service, which writes its decision to the audit trail. A refusal is {@link IndexState#NO_CONSENT},
 *       never an empty timeline.</li>
 *   <li>The query; no answer is {@link IndexState#UNREACHABLE} ("index unreachable, incomplete"), a registry's
 *       {@code NO_CONSENT:} Failure (docs/availability.md) is again NO_CONSENT.</li>
 * </ol>
 * Every query, sent or not, is one event for the audit ({@link ConsumerEvents}).
 *
 * <p>Rows: the DocumentEntries are grouped by the Study Instance UID of their referenceIdList
 * ({@code urn:ihe:iti:xds:2016:studyInstanceUID}); an entry of classCode REPORTS is the study's report, any other the
 * manifest (the newest by serviceStartTime when a study has two). A study the own PACS holds is "already here"; one
 * only the PACS holds is a row of its own.
 */
public final class TimelineQuery {
    /** Twiin "Afspraken Beeldbeschikbaarheid": the report's classCode. */
    public static final String REPORTS = "REPORTS";

    /** How the timeline reaches the outside world. */
    public record Settings(String ownInstitution, ZoneId zone) {
        public Settings {
            Objects.requireNonNull(ownInstitution, "ownInstitution");
            Objects.requireNonNull(zone, "zone");
        }
    }

    private final Settings settings;
    private final Iti18Client registry;
    private final AnswerConsent consent;
    private final OwnPacs pacs;
    private final ConsumerEvents events;

    /**
     * @param registry null when no registry is configured: the timeline shows the own PACS and says so
     * @param consent  the patient's consent for image availability for this hospital
     */
    public TimelineQuery(Settings settings, Iti18Client registry, AnswerConsent consent, OwnPacs pacs,
                         ConsumerEvents events) {
        this.settings = Objects.requireNonNull(settings);
        this.registry = registry;
        this.consent = Objects.requireNonNull(consent);
        this.pacs = Objects.requireNonNull(pacs);
        this.events = Objects.requireNonNull(events);
    }

    /** The patient's timeline, asked by {@code user}. */
    public Timeline timeline(MpiPatient patient, String user) {
        Index index = index(patient, user);
        List<LocalStudy> local = List.of();
        boolean pacsAsked;
        String pacsDetail = null;
        try {
            local = pacs.studies(patient.localId(), patient.localIssuer());
            pacsAsked = true;
        } catch (IOException e) {
            pacsAsked = false;
            pacsDetail = e.getMessage();
        }
        return new Timeline(merge(index.entries(), local), index.state(), index.detail(), pacsAsked, pacsDetail);
    }

    private record Index(IndexState state, String detail, List<DocumentEntry> entries) {
    }

    private Index index(MpiPatient patient, String user) {
        Optional<PullPermission.Refusal> refusal = PullPermission.check(patient);
        if (refusal.isPresent()) {
            String why = "not sent: " + refusal.get().name() + " (Wabvpz: a verified BSN without identity conflict)";
            events.queried(patient.bsn(), user, IndexState.NOT_PERMITTED, 0, why);
            return new Index(IndexState.NOT_PERMITTED, refusal.get().messageEn(), List.of());
        }
        if (registry == null) {
            return new Index(IndexState.NOT_CONFIGURED, "zorgbrug.registry.consumer.url is not set", List.of());
        }
        AnswerConsent.Verdict verdict = consent.check(patient.bsn());
        switch (verdict.kind()) {
            case PERMIT -> { }
            case UNKNOWN_REQUESTER -> {
                events.queried(patient.bsn(), user, IndexState.REFUSED, 0, "not sent: " + verdict.detail());
                return new Index(IndexState.REFUSED, verdict.detail(), List.of());
            }
            case NO_CONSENT -> {
                events.queried(patient.bsn(), user, IndexState.NO_CONSENT, 0, "not sent: no consent for image"
                        + " availability (" + verdict.detail() + ")");
                return new Index(IndexState.NO_CONSENT, verdict.detail(), List.of());
            }
            case CONSENT_UNAVAILABLE -> {
                events.queried(patient.bsn(), user, IndexState.CONSENT_UNAVAILABLE, 0, "not sent: consent could not"
                        + " be asked (" + verdict.detail() + ")");
                return new Index(IndexState.CONSENT_UNAVAILABLE, verdict.detail(), List.of());
            }
        }
        FindDocumentsQuery find = new FindDocumentsQuery();
        find.setPatientId(RegistryPatient.of(patient.bsn()));
        find.setStatus(List.of(AvailabilityStatus.APPROVED));
        QueryRegistry request = new QueryRegistry(find);
        request.setReturnType(QueryReturnType.LEAF_CLASS);
        QueryResponse answer;
        try {
            answer = registry.query(request);
        } catch (IOException e) {
            events.queried(patient.bsn(), user, IndexState.UNREACHABLE, 0, "FindDocuments got no answer: "
                    + e.getMessage());
            return new Index(IndexState.UNREACHABLE, e.getMessage(), List.of());
        }
        List<DocumentEntry> entries = answer.getDocumentEntries() == null ? List.of() : answer.getDocumentEntries();
        IndexState state;
        String detail;
        if (answer.getStatus() == Status.SUCCESS) {
            state = IndexState.COMPLETE;
            detail = entries.size() + " entries";
        } else if (answer.getStatus() == Status.PARTIAL_SUCCESS) {
            state = IndexState.PARTIAL;
            detail = entries.size() + " entries; " + errors(answer.getErrors());
        } else {
            String first = answer.getErrors().isEmpty() ? "" : Objects.toString(answer.getErrors().get(0).getCodeContext(), "");
            state = first.startsWith("NO_CONSENT:") ? IndexState.NO_CONSENT
                    : first.startsWith("CONSENT_UNAVAILABLE:") ? IndexState.CONSENT_UNAVAILABLE : IndexState.REFUSED;
            detail = "the registry answered " + errors(answer.getErrors());
            entries = List.of();
        }
        events.queried(patient.bsn(), user, state, entries.size(), "FindDocuments: " + detail);
        return new Index(state, detail, entries);
    }

    private static String errors(List<ErrorInfo> errors) {
        return errors.stream().map(e -> (e.getErrorCode() == null ? e.getCustomErrorCode() : e.getErrorCode().getOpcode())
                + " " + Objects.toString(e.getCodeContext(), "")).collect(Collectors.joining("; "));
    }

    /** One row per Study Instance UID, newest first. */
    List<TimelineRow> merge(List<DocumentEntry> entries, List<LocalStudy> local) {
        Map<String, List<DocumentEntry>> byStudy = new LinkedHashMap<>();
        for (DocumentEntry e : entries) {
            studyInstanceUid(e).ifPresent(uid -> byStudy.computeIfAbsent(uid, k -> new ArrayList<>()).add(e));
        }
        Map<String, LocalStudy> here = new LinkedHashMap<>();
        for (LocalStudy s : local) {
            here.putIfAbsent(s.studyInstanceUid(), s);
        }
        List<TimelineRow> rows = new ArrayList<>();
        for (Map.Entry<String, List<DocumentEntry>> study : byStudy.entrySet()) {
            Optional<DocumentEntry> manifest = study.getValue().stream().filter(e -> !isReport(e))
                    .max(Comparator.comparing(TimelineQuery::startOrEpoch));
            Optional<DocumentEntry> report = study.getValue().stream().filter(TimelineQuery::isReport)
                    .max(Comparator.comparing(TimelineQuery::startOrEpoch));
            LocalStudy own = here.remove(study.getKey());
            if (manifest.isEmpty()) {
                // A report without its manifest: the study cannot be imported, but the report is shown.
                DocumentEntry r = report.orElseThrow();
                rows.add(new TimelineRow(study.getKey(), institution(r), started(r), modalities(r), title(r),
                        Optional.empty(), report.map(TimelineQuery::document), own != null));
                continue;
            }
            DocumentEntry m = manifest.get();
            Set<String> modalities = new LinkedHashSet<>(modalities(m));
            if (own != null) {
                modalities.addAll(own.modalities());
            }
            rows.add(new TimelineRow(study.getKey(), institution(m), started(m), List.copyOf(modalities), title(m),
                    manifest.map(TimelineQuery::document), report.map(TimelineQuery::document), own != null));
        }
        for (LocalStudy own : here.values()) {
            rows.add(new TimelineRow(own.studyInstanceUid(), settings.ownInstitution(), own.started(), own.modalities(),
                    own.description(), Optional.empty(), Optional.empty(), true));
        }
        rows.sort(Comparator.comparing(TimelineRow::started, Comparator.nullsLast(Comparator.reverseOrder())));
        return rows;
    }

    static Optional<String> studyInstanceUid(DocumentEntry e) {
        if (e.getReferenceIdList() == null) {
            return Optional.empty();
        }
        return e.getReferenceIdList().stream()
                .filter(r -> ReferenceId.ID_TYPE_STUDY_INSTANCE_ID.equals(r.getIdTypeCode()) && r.getId() != null)
                .map(r -> r.getId().strip()).findFirst();
    }

    static boolean isReport(DocumentEntry e) {
        Code c = e.getClassCode();
        return c != null && REPORTS.equals(c.getCode());
    }

    private static java.time.Instant startOrEpoch(DocumentEntry e) {
        return e.getServiceStartTime() == null ? java.time.Instant.EPOCH : e.getServiceStartTime().getDateTime().toInstant();
    }

    private LocalDateTime started(DocumentEntry e) {
        return e.getServiceStartTime() == null ? null
                : e.getServiceStartTime().getDateTime().withZoneSameInstant(settings.zone()).toLocalDateTime();
    }

    private static String institution(DocumentEntry e) {
        return e.getAuthors().stream().flatMap(a -> a.getAuthorInstitution().stream())
                .map(Organization::getOrganizationName).filter(Objects::nonNull).findFirst().orElse("(unknown)");
    }

    private static List<String> modalities(DocumentEntry e) {
        return e.getEventCodeList() == null ? List.of() : e.getEventCodeList().stream().map(Code::getCode)
                .filter(Objects::nonNull).distinct().toList();
    }

    private static String title(DocumentEntry e) {
        return e.getTitle() == null ? null : e.getTitle().getValue();
    }

    private static IndexedDocument document(DocumentEntry e) {
        String sourceId = e.getSourcePatientId() == null ? null : e.getSourcePatientId().getId();
        String sourceIssuer = e.getSourcePatientId() == null || e.getSourcePatientId().getAssigningAuthority() == null
                ? null : e.getSourcePatientId().getAssigningAuthority().getUniversalId();
        return new IndexedDocument(e.getUniqueId(), e.getRepositoryUniqueId(), e.getHomeCommunityId(), e.getMimeType(),
                title(e), sourceId, sourceIssuer);
    }
}
