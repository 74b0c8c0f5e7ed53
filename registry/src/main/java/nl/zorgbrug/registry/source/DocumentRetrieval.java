package nl.zorgbrug.registry.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.activation.DataHandler;

import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.registry.model.EbRim;
import nl.zorgbrug.registry.service.AnswerConsent;
import nl.zorgbrug.registry.source.KosRepository.KeptKos;

/**
 * ITI-43 Retrieve Document Set (ITI TF-2 §3.43) for the KOS manifests, and the reports registered beside them, this
 * node keeps as Imaging Document Source /
 * Repository (issue 20 part 2): a document of this repository that was registered is served as
 * {@code application/dicom} when the patient consented to image availability for the requester (part 4: "before a pull
 * is served"); a refusal is an error whose codeContext begins with the consent service's word ({@code NO_CONSENT:}, as
 * on the registry's answers), never "unknown document". Another repositoryUniqueId is {@code XDSUnknownRepositoryId};
 * a document not kept here, or kept but not (yet) registered, is {@code XDSDocumentUniqueIdError}. Some served and
 * some not: PartialSuccess (ITI TF-3 §4.2.4.1).
 */
public final class DocumentRetrieval {
    static final String DICOM = "application/dicom";

    private final String repositoryUniqueId;
    private final KosRepository repository;
    private final AnswerConsent consent;
    private final SourceEvents events;

    public DocumentRetrieval(String repositoryUniqueId, KosRepository repository, AnswerConsent consent,
                             SourceEvents events) {
        this.repositoryUniqueId = repositoryUniqueId;
        this.repository = repository;
        this.consent = consent;
        this.events = events;
    }

    public RetrievedDocumentSet retrieve(RetrieveDocumentSet request) {
        List<RetrievedDocument> served = new ArrayList<>();
        List<ErrorInfo> errors = new ArrayList<>();
        for (DocumentReference asked : request.getDocuments()) {
            String uid = asked.getDocumentUniqueId();
            if (!repositoryUniqueId.equals(asked.getRepositoryUniqueId())) {
                errors.add(error(ErrorCode.UNKNOWN_REPOSITORY_ID, "repository " + asked.getRepositoryUniqueId()
                        + " is not this one (" + repositoryUniqueId + "); ask the repository the DocumentEntry names", uid));
                continue;
            }
            // A KOS, or a report registered in a KOS's submission; either only once that submission was registered.
            Optional<KeptKos> kept = repository.find(uid).filter(k -> k.registered() != null);
            Optional<KosRepository.KeptReport> report = kept.isPresent() ? Optional.empty()
                    : repository.findReport(uid).filter(r -> repository.find(r.kosUniqueId())
                    .filter(k -> k.registered() != null).isPresent());
            if (kept.isEmpty() && report.isEmpty()) {
                errors.add(error(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR, "document " + uid + " is not in this repository",
                        uid));
                continue;
            }
            KeptKos kos = kept.isPresent() ? kept.get() : repository.find(report.get().kosUniqueId()).orElseThrow();
            String what = kept.isPresent() ? "KOS " : "report ";
            RegisterDocumentSet submission = EbRim.read(kos.submission());
            Bsn bsn = Bsn.parse(submission.getSubmissionSet().getPatientId().getId());
            AnswerConsent.Verdict verdict = consent.check(bsn);
            if (verdict.kind() != AnswerConsent.Kind.PERMIT) {
                events.retrieved(bsn, kos.studyInstanceUid(), uid, false, "ITI-43: " + what + uid + " refused ("
                        + verdict.kind() + ")");
                errors.add(error(ErrorCode.REPOSITORY_ERROR, verdict.kind() + ": " + verdict.detail(), uid));
                continue;
            }
            served.add(kept.isPresent()
                    ? new RetrievedDocument(new DataHandler(new Bytes(kos.kos(), DICOM, "kos.dcm")), asked, null, null,
                    DICOM)
                    : new RetrievedDocument(new DataHandler(new Bytes(report.get().bytes(), report.get().mimeType(),
                    "application/pdf".equals(report.get().mimeType()) ? "report.pdf" : "report.txt")), asked, null,
                    null, report.get().mimeType()));
            events.retrieved(bsn, kos.studyInstanceUid(), uid, true, "ITI-43: " + what + uid + " served");
        }
        Status status = errors.isEmpty() ? Status.SUCCESS : served.isEmpty() ? Status.FAILURE : Status.PARTIAL_SUCCESS;
        RetrievedDocumentSet answer = new RetrievedDocumentSet(status, served);
        answer.getErrors().addAll(errors);
        return answer;
    }

    /** The kept bytes as the DataSource of an MTOM attachment (no content handler for application/dicom needed). */
    record Bytes(byte[] bytes, String contentType, String name) implements jakarta.activation.DataSource {
        @Override
        public java.io.InputStream getInputStream() {
            return new java.io.ByteArrayInputStream(bytes);
        }

        @Override
        public java.io.OutputStream getOutputStream() throws java.io.IOException {
            throw new java.io.IOException("a kept document is read only");
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public String getName() {
            return name;
        }
    }

    private static ErrorInfo error(ErrorCode code, String context, String location) {
        return new ErrorInfo(code, context, Severity.ERROR, location, null);
    }
}
