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
import java.util.Optional;
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
            ImagingRetrieval.Opened opened;
            try {
                opened = retrieval.open(new ImagingRetrieval.Request("RAD-69", study.getStudyInstanceUID(), series,
                        asked.keySet(), request.getTransferSyntaxIds()));
            } catch (IOException e) {
                asked.keySet().forEach(uid -> errors.add(error(ErrorCode.REPOSITORY_ERROR, "PACS_UNAVAILABLE: "
                        + e.getMessage(), uid)));
                continue;
            }
            if (opened instanceof ImagingRetrieval.Opened.Unknown) {
                asked.keySet().forEach(uid -> errors.add(error(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR, "study "
                        + study.getStudyInstanceUID() + " is not registered by this source", uid)));
            } else if (opened instanceof ImagingRetrieval.Opened.Refused refused) {
                asked.keySet().forEach(uid -> errors.add(error(ErrorCode.REPOSITORY_ERROR, refused.verdict().kind()
                        + ": " + refused.verdict().detail(), uid)));
            } else {
                stream(((ImagingRetrieval.Opened.Streaming) opened).stream(), asked, served, errors);
            }
        }
        Status status = errors.isEmpty() ? Status.SUCCESS : served.isEmpty() ? Status.FAILURE : Status.PARTIAL_SUCCESS;
        RetrievedDocumentSet answer = new RetrievedDocumentSet(status, served);
        answer.getErrors().addAll(errors);
        return answer;
    }

    /**
     * One study's instances into the answer as they come. The SOAP body (status, error list, one DocumentResponse per
     * instance) is written before the MTOM attachments, so it must be decided before the first byte: the stream is read
     * here until its first served instance (the instances before it that are not served become errors; none served: the
     * study's errors alone, the stream closed); every instance the KOS lists after it becomes a DocumentResponse whose
     * attachment is fetched and swapped while the one before it is sent ({@link Later}). An instance found unservable
     * once the answer has begun cannot become an error of a body already sent: its attachment fails, and the answer
     * breaks off (the MIME package without its closing boundary), so no consumer takes it for whole; the RETRIEVE
     * record says so. The stream is closed, and its record written, when the last attachment is read or fails.
     */
    private static void stream(ImagingRetrieval.InstanceStream stream, Map<String, DocumentReference> asked,
                               List<RetrievedDocument> served, List<ErrorInfo> errors) {
        stream.missedUpFront().forEach(m -> errors.add(error(m)));
        List<String> listed = stream.listed().stream().map(r -> r.sopInstanceUid()).toList();
        int taken = 0;
        ImagingRetrieval.Served first = null;
        try {
            while (first == null) {
                Optional<ImagingRetrieval.Prepared> next = stream.next();
                if (next.isEmpty()) {
                    break;
                }
                taken++;
                if (next.get() instanceof ImagingRetrieval.Missed m) {
                    errors.add(error(m));
                } else {
                    first = (ImagingRetrieval.Served) next.get();
                }
            }
        } catch (IOException | RuntimeException e) {
            listed.subList(taken, listed.size()).forEach(uid -> errors.add(error(ErrorCode.REPOSITORY_ERROR,
                    "PACS_UNAVAILABLE: " + e.getMessage(), uid)));
            stream.brokeOff(e.getMessage());
            stream.close();
            return;
        }
        if (first == null) {
            stream.close();
            return;
        }
        List<String> rest = listed.subList(taken, listed.size());
        Attachments attachments = new Attachments(stream, first, rest.size() + 1);
        served.add(new RetrievedDocument(new DataHandler(new Later(attachments, first.sopInstanceUid())),
                asked.get(first.sopInstanceUid()), null, null, DICOM));
        for (String sop : rest) {
            served.add(new RetrievedDocument(new DataHandler(new Later(attachments, sop)), asked.get(sop), null, null,
                    DICOM));
        }
    }

    private static ErrorInfo error(ImagingRetrieval.Missed m) {
        return switch (m.problem()) {
            case UNKNOWN, NOT_IN_PACS -> error(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR, m.detail(), m.sopInstanceUid());
            case NOT_EXPORTABLE -> error(ErrorCode.REPOSITORY_ERROR, "NOT_EXPORTABLE: " + m.detail(),
                    m.sopInstanceUid());
            case PACS_UNREACHABLE -> error(ErrorCode.REPOSITORY_ERROR, "PACS_UNAVAILABLE: " + m.detail(),
                    m.sopInstanceUid());
            case TRANSFER_SYNTAX -> error(ErrorCode.REPOSITORY_ERROR, "TRANSFER_SYNTAX: " + m.detail(),
                    m.sopInstanceUid());
        };
    }

    private static ErrorInfo error(ErrorCode code, String context, String location) {
        return new ErrorInfo(code, context, Severity.ERROR, location, null);
    }

    /**
     * The attachments of one study's instances, taken from the retrieval's stream as CXF writes them: in the answer's
     * order each is the stream's next; should a writer ask out of order, the instances before it wait here (their
     * files kept) until asked. The last attachment read, or one that failed, closes the stream (its RETRIEVE record).
     */
    static final class Attachments {
        private final ImagingRetrieval.InstanceStream stream;
        private final Map<String, ImagingRetrieval.Prepared> early = new LinkedHashMap<>();
        private int open;

        Attachments(ImagingRetrieval.InstanceStream stream, ImagingRetrieval.Served first, int count) {
            this.stream = stream;
            this.early.put(first.sopInstanceUid(), first);
            this.open = count;
        }

        synchronized ImagingRetrieval.Served take(String sop) throws IOException {
            try {
                while (!early.containsKey(sop)) {
                    Optional<ImagingRetrieval.Prepared> next = stream.next();
                    if (next.isEmpty()) {
                        throw new IOException("instance " + sop + " did not come from the PACS; answer broken off");
                    }
                    early.put(next.get() instanceof ImagingRetrieval.Served s ? s.sopInstanceUid()
                            : ((ImagingRetrieval.Missed) next.get()).sopInstanceUid(), next.get());
                }
                ImagingRetrieval.Prepared p = early.remove(sop);
                if (p instanceof ImagingRetrieval.Missed m) {
                    throw new IOException("instance " + sop + " not served after the answer began (" + m.problem()
                            + ": " + m.detail() + "); answer broken off");
                }
                return (ImagingRetrieval.Served) p;
            } catch (IOException | RuntimeException e) {
                ended(e.getMessage());
                throw e;
            }
        }

        /** One attachment read to its end (null), or not (why): the stream closed after the last or the first fault. */
        synchronized void ended(String broken) {
            open--;
            if (broken != null) {
                stream.brokeOff(broken);
            }
            if (open <= 0 || broken != null) {
                early.values().forEach(p -> {
                    if (p instanceof ImagingRetrieval.Served s) {
                        ImagingRetrieval.delete(s.file());
                    }
                });
                early.clear();
                open = 0;
                stream.close();
            }
        }
    }

    /**
     * A swapped instance as the DataSource of an MTOM attachment, taken from {@link Attachments} when CXF writes it:
     * streamed from its work file, which is deleted once the stream is closed, and counted as sent when read to its
     * end. An instance the stream gives as not served fails the attachment (the answer breaks off). A file whose
     * stream is never opened is deleted when the retrieval's stream is closed, or swept.
     */
    static final class Later implements DataSource {
        private final Attachments attachments;
        private final String sopInstanceUid;

        Later(Attachments attachments, String sopInstanceUid) {
            this.attachments = attachments;
            this.sopInstanceUid = sopInstanceUid;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            ImagingRetrieval.Served file = attachments.take(sopInstanceUid);
            InputStream in;
            try {
                in = Files.newInputStream(file.file());
            } catch (IOException e) {
                attachments.ended(e.getMessage());
                throw e;
            }
            return new FilterInputStream(in) {
                private boolean done;
                private boolean closed;

                @Override
                public int read() throws IOException {
                    int b = super.read();
                    done |= b < 0;
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    done |= n < 0;
                    return n;
                }

                @Override
                public void close() throws IOException {
                    if (closed) {
                        return;
                    }
                    closed = true;
                    super.close();
                    ImagingRetrieval.delete(file.file());
                    if (done) {
                        attachments.stream.sent(file);
                    }
                    attachments.ended(done ? null : "instance " + sopInstanceUid + " not sent to its end");
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
            return sopInstanceUid;
        }
    }
}
