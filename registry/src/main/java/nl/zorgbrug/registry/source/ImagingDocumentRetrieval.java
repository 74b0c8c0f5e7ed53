package nl.zorgbrug.registry.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;

import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveSeries;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveStudy;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

/**
 * RAD-69 Retrieve Imaging Document Set (RAD TF-3 §4.69) as the Imaging Document Source (issue 20 part 2): the consumer
 * names, per study and series, the SOP Instance UIDs it wants (from the KOS it retrieved by ITI-43) and the Retrieve
 * Location UID the KOS gave each series as repositoryUniqueId; {@link ImagingRetrieval} checks, fetches from the PACS
 * and swaps; the instances go back as {@code application/dicom} documents (MTOM, RAD TF-3 §4.69.4.2), each its
 * SOP Instance UID as DocumentUniqueId. What is not served is an error whose location is the SOP Instance UID and
 * whose codeContext begins with a word a consumer tests for:
 * <table>
 *   <caption>errors</caption>
 *   <tr><th>error code</th><th>codeContext begins with</th><th>when</th></tr>
 *   <tr><td>XDSUnknownRepositoryId</td><td></td><td>another Retrieve Location UID than this node's</td></tr>
 *   <tr><td>XDSDocumentUniqueIdError</td><td></td><td>not in a study this node registered, or gone from the
 *   PACS</td></tr>
 *   <tr><td>XDSRepositoryError</td><td>NO_CONSENT:, CONSENT_UNAVAILABLE:, UNKNOWN_REQUESTER:</td><td>consent (as
 *   ITI-43): never "unknown document"</td></tr>
 *   <tr><td>XDSRepositoryError</td><td>NOT_EXPORTABLE:</td><td>the export swap held it (e.g. BSN_NOT_VALIDATED)</td></tr>
 *   <tr><td>XDSRepositoryError</td><td>PACS_UNAVAILABLE:, TRANSFER_SYNTAX:</td><td>the PACS could not be asked;
 *   none of the transfer syntaxes asked for</td></tr>
 * </table>
 * Some served and some not: PartialSuccess (ITI TF-3 §4.2.4.1).
 */
public final class ImagingDocumentRetrieval {
    static final String DICOM = "application/dicom";

    private final String retrieveLocationUid;
    private final ImagingRetrieval retrieval;

    /** @param retrieveLocationUid the (0040,E011) Retrieve Location UID this node writes in its KOS manifests */
    public ImagingDocumentRetrieval(String retrieveLocationUid, ImagingRetrieval retrieval) {
        this.retrieveLocationUid = retrieveLocationUid;
        this.retrieval = retrieval;
    }

    public RetrievedDocumentSet retrieve(RetrieveImagingDocumentSet request) {
        List<RetrievedDocument> served = new ArrayList<>();
        List<ErrorInfo> errors = new ArrayList<>();
        for (RetrieveStudy study : request.getRetrieveStudies()) {
            Map<String, DocumentReference> asked = new LinkedHashMap<>();
            Set<String> series = new LinkedHashSet<>();
            for (RetrieveSeries s : study.getRetrieveSerieses()) {
                for (DocumentReference d : s.getDocuments()) {
                    if (!retrieveLocationUid.equals(d.getRepositoryUniqueId())) {
                        errors.add(error(ErrorCode.UNKNOWN_REPOSITORY_ID, "repository " + d.getRepositoryUniqueId()
                                + " is not this one (" + retrieveLocationUid + "); ask the source the KOS names for"
                                + " the series", d.getDocumentUniqueId()));
                        continue;
                    }
                    asked.put(d.getDocumentUniqueId(), d);
                    series.add(s.getSeriesInstanceUID());
                }
            }
            if (asked.isEmpty()) {
                continue;
            }
            ImagingRetrieval.Answer answer;
            try {
                answer = retrieval.retrieve(new ImagingRetrieval.Request("RAD-69", study.getStudyInstanceUID(), series,
                        asked.keySet(), request.getTransferSyntaxIds()));
            } catch (IOException e) {
                asked.keySet().forEach(uid -> errors.add(error(ErrorCode.REPOSITORY_ERROR, "PACS_UNAVAILABLE: "
                        + e.getMessage(), uid)));
                continue;
            }
            if (answer instanceof ImagingRetrieval.Answer.Unknown) {
                asked.keySet().forEach(uid -> errors.add(error(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR, "study "
                        + study.getStudyInstanceUID() + " is not registered by this source", uid)));
            } else if (answer instanceof ImagingRetrieval.Answer.Refused refused) {
                asked.keySet().forEach(uid -> errors.add(error(ErrorCode.REPOSITORY_ERROR, refused.verdict().kind()
                        + ": " + refused.verdict().detail(), uid)));
            } else {
                ImagingRetrieval.Answer.Instances instances = (ImagingRetrieval.Answer.Instances) answer;
                for (ImagingRetrieval.Served s : instances.served()) {
                    served.add(new RetrievedDocument(new DataHandler(new WorkFile(s.file())),
                            asked.get(s.sopInstanceUid()), null, null, DICOM));
                }
                for (ImagingRetrieval.Missed m : instances.missed()) {
                    errors.add(switch (m.problem()) {
                        case UNKNOWN, NOT_IN_PACS -> error(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR, m.detail(),
                                m.sopInstanceUid());
                        case NOT_EXPORTABLE -> error(ErrorCode.REPOSITORY_ERROR, "NOT_EXPORTABLE: " + m.detail(),
                                m.sopInstanceUid());
                        case PACS_UNREACHABLE -> error(ErrorCode.REPOSITORY_ERROR, "PACS_UNAVAILABLE: " + m.detail(),
                                m.sopInstanceUid());
                        case TRANSFER_SYNTAX -> error(ErrorCode.REPOSITORY_ERROR, "TRANSFER_SYNTAX: " + m.detail(),
                                m.sopInstanceUid());
                    });
                }
            }
        }
        Status status = errors.isEmpty() ? Status.SUCCESS : served.isEmpty() ? Status.FAILURE : Status.PARTIAL_SUCCESS;
        RetrievedDocumentSet answer = new RetrievedDocumentSet(status, served);
        answer.getErrors().addAll(errors);
        return answer;
    }

    private static ErrorInfo error(ErrorCode code, String context, String location) {
        return new ErrorInfo(code, context, Severity.ERROR, location, null);
    }

    /**
     * A swapped instance as the DataSource of an MTOM attachment: streamed from its work file, which is deleted once
     * the stream is closed (a file whose stream is never opened or closed is swept later by {@link ImagingRetrieval}).
     */
    record WorkFile(Path file) implements DataSource {
        @Override
        public InputStream getInputStream() throws IOException {
            return new FilterInputStream(Files.newInputStream(file)) {
                @Override
                public void close() throws IOException {
                    super.close();
                    ImagingRetrieval.delete(file);
                }
            };
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            throw new IOException("a retrieved instance is read only");
        }

        @Override
        public String getContentType() {
            return DICOM;
        }

        @Override
        public String getName() {
            return file.getFileName().toString();
        }
    }
}
