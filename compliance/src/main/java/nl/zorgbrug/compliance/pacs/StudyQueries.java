package nl.zorgbrug.compliance.pacs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import nl.zorgbrug.compliance.scan.HeaderClassifier;
import nl.zorgbrug.compliance.tally.ObjectResult;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomInput;
import nl.zorgbrug.dicom.io.DicomReader;
import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.AssociationAbortedException;
import nl.zorgbrug.dicom.net.pdu.AAbort;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.pdu.PresentationContextRq;
import nl.zorgbrug.dicom.net.pdu.RoleSelection;
import nl.zorgbrug.dicom.net.service.FindScu;
import nl.zorgbrug.dicom.net.service.QueryRetrieve;
import nl.zorgbrug.dicom.net.service.RemoteAe;
import nl.zorgbrug.dicom.net.service.RetrieveScu;

/**
 * One association's work for the PACS scan: the studies of one Study Date range by C-FIND at STUDY level (Study Root,
 * PS3.4 C.6.2), with the keys issue 18 names, and for each the verdict from the identifier, or from the header of one
 * instance fetched when the PACS does not return those keys: by C-GET (PS3.4 C.4.3) on this association, or by C-MOVE
 * (PS3.4 C.4.2) to the scan's own storage SCP ({@link HeaderReceiver}), as {@link InstanceRetrieval} decides. The
 * instance is found with C-FIND at SERIES and IMAGE level (cancelled after the first match, PS3.4 C.4.1.2.3), and only
 * its header up to (0020,000D) is read from the C-STORE sub-operation's stream; the rest is drained, never stored.
 */
final class StudyQueries {
    /** Sleeps as the throttle and office hours demand before each request. */
    @FunctionalInterface
    interface BeforeRequest {
        void await() throws InterruptedException;
    }

    /** The identity keys; a PACS that leaves one of them out of its answers cannot be judged from C-FIND alone. */
    static final int[] IDENTITY_KEYS = {Tag.PatientID, Tag.IssuerOfPatientID, Tag.IssuerOfPatientIDQualifiersSequence,
            Tag.OtherPatientIDsSequence};

    /** Storage classes proposed for the C-GET, with us as SCP (PS3.7 D.3.3.4); others get an association of their own. */
    static final List<String> GET_STORAGE_CLASSES = List.of(
            "1.2.840.10008.5.1.4.1.1.1", "1.2.840.10008.5.1.4.1.1.1.1", "1.2.840.10008.5.1.4.1.1.1.2",
            "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.2.1", "1.2.840.10008.5.1.4.1.1.4",
            "1.2.840.10008.5.1.4.1.1.4.1", "1.2.840.10008.5.1.4.1.1.6.1", "1.2.840.10008.5.1.4.1.1.7",
            "1.2.840.10008.5.1.4.1.1.12.1", "1.2.840.10008.5.1.4.1.1.20", "1.2.840.10008.5.1.4.1.1.128",
            "1.2.840.10008.5.1.4.1.1.88.11", "1.2.840.10008.5.1.4.1.1.88.22", "1.2.840.10008.5.1.4.1.1.88.33",
            "1.2.840.10008.5.1.4.1.1.88.59", "1.2.840.10008.5.1.4.1.1.104.1", "1.2.840.10008.5.1.4.1.1.481.1");

    private static final long STOP_BEFORE = Integer.toUnsignedLong(Tag.SeriesInstanceUID);

    private final RemoteAe pacs;
    private final Connector connector;
    private final HeaderClassifier classifier;
    private final BeforeRequest beforeRequest;
    private final Retrieval retrieve;
    private final InstanceRetrieval retrieval;
    private final java.util.concurrent.atomic.AtomicInteger retrieved;
    private int requests;

    StudyQueries(RemoteAe pacs, Connector connector, HeaderClassifier classifier, BeforeRequest beforeRequest,
                 Retrieval retrieve, InstanceRetrieval retrieval, java.util.concurrent.atomic.AtomicInteger retrieved) {
        this.retrieved = retrieved;
        this.retrieval = retrieval;
        this.pacs = pacs;
        this.connector = connector;
        this.classifier = classifier;
        this.beforeRequest = beforeRequest;
        this.retrieve = retrieve;
    }

    /** The study-level matching and return keys (PS3.4 C.6.2.1): empty values ask the PACS to return them. */
    static DataSet studyKeys(String studyDateRange) {
        DataSet keys = new DataSet();
        keys.setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY");
        keys.setString(Tag.StudyInstanceUID, VR.UI);
        keys.setString(Tag.StudyDate, VR.DA, studyDateRange);
        keys.setString(Tag.ModalitiesInStudy, VR.CS);
        keys.setString(Tag.PatientName, VR.PN);
        keys.setString(Tag.PatientID, VR.LO);
        keys.setString(Tag.IssuerOfPatientID, VR.LO);
        keys.setSequence(Tag.IssuerOfPatientIDQualifiersSequence, List.of());
        keys.setSequence(Tag.OtherPatientIDsSequence, List.of());
        keys.setString(Tag.PatientBirthDate, VR.DA);
        return keys;
    }

    /**
     * The contexts proposed: Study Root C-FIND, and for retrieval C-GET with the storage classes in the SCP role (PS3.7
     * D.3.3.4), C-MOVE, or both while {@link RetrieveWith#AUTO} has not decided.
     */
    private List<PresentationContextRq> contexts(RetrieveWith how) {
        List<PresentationContextRq> contexts = new ArrayList<>();
        if (retrieve != Retrieval.NEVER && how != RetrieveWith.MOVE) {
            contexts.addAll(RetrieveScu.getContexts(QueryRetrieve.STUDY_ROOT_GET, GET_STORAGE_CLASSES));
        }
        contexts.add(QueryRetrieve.context(contexts.size() * 2 + 1, QueryRetrieve.STUDY_ROOT_FIND));
        if (retrieve != Retrieval.NEVER && how != RetrieveWith.GET) {
            contexts.add(QueryRetrieve.context(contexts.size() * 2 + 1, QueryRetrieve.STUDY_ROOT_MOVE));
        }
        return contexts;
    }

    List<ObjectResult> scan(String studyDateRange) throws IOException, InterruptedException {
        RetrieveWith how = retrieval.current();
        List<PresentationContextRq> contexts = contexts(how);
        List<RoleSelection> roles = retrieve == Retrieval.NEVER || how == RetrieveWith.MOVE ? List.of()
                : RetrieveScu.getRoles(GET_STORAGE_CLASSES);
        try (Association as = connector.connect(pacs.host(), pacs.port(), connector.request(pacs.callingAeTitle(),
                pacs.aeTitle(), contexts, roles, null))) {
            if (retrieve != Retrieval.NEVER) {
                checkRetrieveContexts(as, how);
            }
            Dimse dimse = new Dimse(as);
            List<DataSet> studies = new ArrayList<>();
            find(dimse, studyKeys(studyDateRange), "STUDY", m -> {
                studies.add(m);
                return true;
            });
            List<ObjectResult> results = new ArrayList<>(studies.size());
            for (DataSet study : studies) {
                String uid = study.getString(Tag.StudyInstanceUID);
                if (uid == null || uid.isBlank()) {
                    results.add(new ObjectResult.Unreadable("(a study without Study Instance UID in "
                            + (studyDateRange.isEmpty() ? "the archive" : studyDateRange) + ")",
                            pacs + " returned a C-FIND match without (0020,0000D)"));
                    continue;
                }
                uid = uid.trim();
                if (needsRetrieve(study)) {
                    DataSet header = oneHeader(as, dimse, uid);
                    retrieved.incrementAndGet();
                    if (header == null) {
                        results.add(new ObjectResult.Unreadable(uid, "the C-FIND answer lacks the identity keys and the"
                                + " PACS found no instance of the study to retrieve"));
                        continue;
                    }
                    // The study's modalities, not the one instance's.
                    header.setString(Tag.ModalitiesInStudy, VR.CS, orEmpty(study.getStrings(Tag.ModalitiesInStudy)));
                    results.add(classifier.classify(uid, header));
                } else {
                    results.add(classifier.classify(uid, study));
                }
            }
            as.release();
            return results;
        }
    }

    private static String[] orEmpty(String[] values) {
        return values == null ? new String[0] : values;
    }

    boolean needsRetrieve(DataSet identifier) {
        return switch (retrieve) {
            case ALWAYS -> true;
            case NEVER -> false;
            case WHEN_KEYS_MISSING -> {
                for (int tag : IDENTITY_KEYS) {
                    if (!identifier.contains(tag)) {
                        yield true;
                    }
                }
                yield false;
            }
        };
    }

    private void find(Dimse dimse, DataSet keys, String level, java.util.function.Predicate<DataSet> onMatch)
            throws IOException, InterruptedException {
        beforeRequest.await();
        boolean first = requests++ == 0;
        Status status;
        try {
            status = FindScu.find(dimse, QueryRetrieve.STUDY_ROOT_FIND, keys, onMatch);
        } catch (AssociationAbortedException e) {
            // A PACS that does not know the calling AE title may accept the association and then abort it at the
            // first query (Orthanc as installed: "DicomAlwaysAllowFind": false). An A-ABORT from the peer's service
            // user is a decision, not a lost connection (that is an end of stream without A-ABORT): retrying cannot help.
            if (first && e.abort() != null && e.abort().source() == AAbort.SOURCE_SERVICE_USER) {
                throw new PacsRefusedException(pacs + " aborted the association at our first C-FIND from AE title "
                        + pacs.callingAeTitle() + "." + unknownAetHint(), e);
            }
            throw e;
        }
        if (!status.isSuccess() && !status.isCancel()) {
            throw new PacsRefusedException(pacs + " answered the C-FIND at " + level + " level from AE title "
                    + pacs.callingAeTitle() + " with " + status + "." + unknownAetHint());
        }
    }

    private String unknownAetHint() {
        return " A PACS answers queries only from DICOM nodes it knows: register AE title " + pacs.callingAeTitle()
                + " (and this host) in the PACS as a node that may query and retrieve (C-FIND, and C-GET or C-MOVE; for"
                + " C-MOVE with this host's address and the port of --move-port), then run the scan again; it resumes"
                + " where it was.";
    }

    /**
     * What the PACS accepted decides the retrieval: under AUTO a rejected C-GET context means C-MOVE (the month is
     * done again on an association without C-GET); a method asked for by name must be accepted.
     */
    private void checkRetrieveContexts(Association as, RetrieveWith how) throws IOException {
        boolean get = as.findContext(QueryRetrieve.STUDY_ROOT_GET, null) != null;
        boolean move = as.findContext(QueryRetrieve.STUDY_ROOT_MOVE, null) != null;
        if (how == RetrieveWith.AUTO && !get) {
            as.release();
            if (!move) {
                throw new PacsRefusedException(pacs + " accepted neither Study Root C-GET nor C-MOVE from AE title "
                        + pacs.callingAeTitle() + ": the scan cannot fetch an instance where the C-FIND answer lacks"
                        + " the identity keys. Allow this AE title to retrieve in the PACS, or scan with --retrieve NEVER");
            }
            throw new GetRefused(pacs + " rejected the Study Root C-GET presentation context", null);
        }
        if (how == RetrieveWith.GET && !get) {
            throw new PacsRefusedException(pacs + " rejected the Study Root C-GET presentation context from AE title "
                    + pacs.callingAeTitle() + ": it does not offer C-GET. Scan with --retrieve-with MOVE (or AUTO), and"
                    + " register this AE title with host and --move-port in the PACS as a C-MOVE destination");
        }
        if (how == RetrieveWith.MOVE && !move) {
            throw new PacsRefusedException(pacs + " rejected the Study Root C-MOVE presentation context from AE title "
                    + pacs.callingAeTitle() + ": it does not offer C-MOVE to this AE title. Scan with --retrieve-with GET"
                    + " (or AUTO), or allow this AE title to retrieve in the PACS");
        }
    }

    /** The header of the study's first instance, by C-FIND SERIES and IMAGE and one C-GET; null when there is none. */
    private DataSet oneHeader(Association as, Dimse dimse, String studyUid) throws IOException, InterruptedException {
        DataSet seriesKeys = new DataSet();
        seriesKeys.setString(Tag.QueryRetrieveLevel, VR.CS, "SERIES");
        seriesKeys.setString(Tag.StudyInstanceUID, VR.UI, studyUid);
        seriesKeys.setString(Tag.SeriesInstanceUID, VR.UI);
        AtomicReference<String> series = new AtomicReference<>();
        find(dimse, seriesKeys, "SERIES", m -> {
            series.set(m.getString(Tag.SeriesInstanceUID));
            return false;
        });
        if (series.get() == null) {
            return null;
        }
        DataSet imageKeys = new DataSet();
        imageKeys.setString(Tag.QueryRetrieveLevel, VR.CS, "IMAGE");
        imageKeys.setString(Tag.StudyInstanceUID, VR.UI, studyUid);
        imageKeys.setString(Tag.SeriesInstanceUID, VR.UI, series.get().trim());
        imageKeys.setString(Tag.SOPInstanceUID, VR.UI);
        imageKeys.setString(Tag.SOPClassUID, VR.UI);
        AtomicReference<DataSet> image = new AtomicReference<>();
        find(dimse, imageKeys, "IMAGE", m -> {
            image.set(m);
            return false;
        });
        if (image.get() == null || image.get().getString(Tag.SOPInstanceUID) == null) {
            return null;
        }
        DataSet getKeys = new DataSet();
        getKeys.setString(Tag.QueryRetrieveLevel, VR.CS, "IMAGE");
        getKeys.setString(Tag.StudyInstanceUID, VR.UI, studyUid);
        getKeys.setString(Tag.SeriesInstanceUID, VR.UI, series.get().trim());
        getKeys.setString(Tag.SOPInstanceUID, VR.UI, image.get().getString(Tag.SOPInstanceUID).trim());
        if (retrieval.current() == RetrieveWith.MOVE) {
            return move(as, dimse, getKeys, studyUid);
        }
        String sopClass = image.get().getString(Tag.SOPClassUID);
        if (sopClass != null && !sopClass.isBlank() && !GET_STORAGE_CLASSES.contains(sopClass.trim())) {
            // Its class was not proposed on this association: one of its own, with only that storage class.
            List<String> one = List.of(sopClass.trim());
            try (Association own = connector.connect(pacs.host(), pacs.port(), connector.request(pacs.callingAeTitle(),
                    pacs.aeTitle(), RetrieveScu.getContexts(QueryRetrieve.STUDY_ROOT_GET, one),
                    RetrieveScu.getRoles(one), null))) {
                DataSet h = get(new Dimse(own), getKeys, studyUid);
                own.release();
                return h;
            }
        }
        return get(dimse, getKeys, studyUid);
    }

    private DataSet get(Dimse dimse, DataSet keys, String studyUid) throws IOException, InterruptedException {
        beforeRequest.await();
        AtomicReference<DataSet> header = new AtomicReference<>();
        RetrieveScu.Result r;
        try {
            r = RetrieveScu.get(dimse, QueryRetrieve.STUDY_ROOT_GET, keys, (request, in) -> {
                TransferSyntax ts = request.transferSyntax();
                header.set(new DicomReader(new DicomInput(in, pacs + " study " + studyUid, 0, -1))
                        .readDataSet(ts, STOP_BEFORE));
                return Status.SUCCESS;
            });
        } catch (AssociationAbortedException e) {
            // Orthanc with "AllowGet": false for our AE title accepts the C-GET context and aborts at the request.
            if (e.abort() != null && e.abort().source() == AAbort.SOURCE_SERVICE_USER) {
                if (retrieval.mayFallBack()) {
                    throw new GetRefused(pacs + " aborted the association at our first C-GET", e);
                }
                throw new PacsRefusedException(pacs + " aborted the association at our C-GET of an instance of study "
                        + studyUid + " from AE title " + pacs.callingAeTitle() + ": the PACS must allow this AE title to"
                        + " retrieve (C-GET), or scan with --retrieve-with MOVE", e);
            }
            throw e;
        }
        if (header.get() == null && !r.status().isSuccess()) {
            if (retrieval.mayFallBack() && r.completed() == 0) {
                throw new GetRefused(pacs + " answered our first C-GET with " + r.status(), null);
            }
            throw new PacsRefusedException(pacs + " answered the C-GET of an instance of study " + studyUid
                    + " from AE title " + pacs.callingAeTitle() + " with " + r.status() + " (" + r.failed()
                    + " failed): the PACS must allow this AE title to retrieve (C-GET), or scan with --retrieve-with MOVE");
        }
        if (header.get() != null) {
            retrieval.markGetSucceeded();
        }
        return header.get();
    }

    /**
     * One instance by C-MOVE to our own storage SCP: the PACS opens an association to the AE title it has registered
     * for us and sends it there; the final response comes after that sub-operation, whose header our SCP has read
     * before answering it. A PACS that does not know our AE title as a destination stops the scan at once.
     */
    private DataSet move(Association as, Dimse dimse, DataSet keys, String studyUid)
            throws IOException, InterruptedException {
        HeaderReceiver receiver = retrieval.receiver();
        String iuid = keys.getString(Tag.SOPInstanceUID);
        receiver.expect(iuid);
        beforeRequest.await();
        RetrieveScu.Result r;
        try {
            r = RetrieveScu.move(dimse, QueryRetrieve.STUDY_ROOT_MOVE, keys, pacs.callingAeTitle());
        } catch (AssociationAbortedException e) {
            receiver.await(iuid, 0);
            if (e.abort() != null && e.abort().source() == AAbort.SOURCE_SERVICE_USER) {
                throw new PacsRefusedException(pacs + " aborted the association at our C-MOVE of an instance of study "
                        + studyUid + " from AE title " + pacs.callingAeTitle() + ": the PACS must allow this AE title to"
                        + " retrieve (C-MOVE)." + registerDestination(as), e);
            }
            throw e;
        }
        // A final success or warning means the sub-operation is done; a moment's grace for a PACS that answers early.
        DataSet header = receiver.await(iuid, r.status().isFailure() ? 0 : 5_000);
        if (header != null) {
            retrieval.markMoveSucceeded();
            return header;
        }
        if (r.status().code() == MOVE_DESTINATION_UNKNOWN) {
            throw new PacsRefusedException(pacs + " answered our C-MOVE with " + r.status() + ", move destination"
                    + " unknown: it does not know AE title " + pacs.callingAeTitle() + " as a DICOM node to send to."
                    + registerDestination(as));
        }
        if (!retrieval.hasMoveSucceeded()) {
            throw new PacsRefusedException(pacs + " answered our first C-MOVE (to AE title " + pacs.callingAeTitle()
                    + ") with " + r.status() + " and nothing arrived at our storage SCP on port "
                    + receiver.destination().port() + ". A PACS answers so when it does not know the destination"
                    + " (Orthanc answers 0xC000, not 0xA801) or cannot reach it." + registerDestination(as)
                    + " Check too that no firewall keeps the PACS from this port.");
        }
        throw new PacsRefusedException(pacs + " answered the C-MOVE of an instance of study " + studyUid + " with "
                + r.status() + " (" + r.completed() + " completed, " + r.failed() + " failed) and nothing arrived at our"
                + " storage SCP on port " + receiver.destination().port() + "; the journal keeps what was done: run the"
                + " same command again to resume");
    }

    /** PS3.4 C.4.2.1.5 (Table C.4-2): Refused: Move Destination unknown. */
    static final int MOVE_DESTINATION_UNKNOWN = 0xA801;

    /** What the PACS administrator must register: our AE title with the host the PACS reaches us at, and our port. */
    private String registerDestination(Association as) {
        String host = as.socket() == null || as.socket().getLocalAddress() == null ? "this host"
                : as.socket().getLocalAddress().getHostAddress();
        return " Register AE title " + pacs.callingAeTitle() + " in the PACS as a DICOM node with host " + host
                + " and port " + retrieval.destination().port() + " (--move-port) that may query, retrieve and be"
                + " sent to, then run the scan again; it resumes where it was.";
    }
}
