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
import nl.zorgbrug.dicom.net.service.RetrieveScu;

/**
 * One association's work for the PACS scan: the studies of one Study Date range by C-FIND at STUDY level (Study Root,
 * PS3.4 C.6.2), with the keys issue 18 names, and for each the verdict from the identifier, or from the header of one
 * instance fetched by C-GET (PS3.4 C.4.3) when the PACS does not return those keys. The instance is found with C-FIND
 * at SERIES and IMAGE level (cancelled after the first match, PS3.4 C.4.1.2.3), and only its header up to (0020,000D)
 * is read from the C-STORE sub-operation's stream; the rest is drained by the toolkit, never stored.
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

    private final PacsAddress pacs;
    private final Connector connector;
    private final HeaderClassifier classifier;
    private final BeforeRequest beforeRequest;
    private final Retrieval retrieve;
    private final java.util.concurrent.atomic.AtomicInteger retrieved;
    private int requests;

    StudyQueries(PacsAddress pacs, Connector connector, HeaderClassifier classifier, BeforeRequest beforeRequest,
                 Retrieval retrieve, java.util.concurrent.atomic.AtomicInteger retrieved) {
        this.retrieved = retrieved;
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

    List<ObjectResult> scan(String studyDateRange) throws IOException, InterruptedException {
        List<PresentationContextRq> contexts = new ArrayList<>(RetrieveScu.getContexts(QueryRetrieve.STUDY_ROOT_GET,
                GET_STORAGE_CLASSES));
        contexts.add(QueryRetrieve.context(contexts.size() * 2 + 1, QueryRetrieve.STUDY_ROOT_FIND));
        List<RoleSelection> roles = RetrieveScu.getRoles(GET_STORAGE_CLASSES);
        try (Association as = connector.connect(pacs.host(), pacs.port(), connector.request(pacs.callingAeTitle(),
                pacs.aeTitle(), contexts, roles, null))) {
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
                        results.add(new ObjectResult.Unreadable(uid, "the C-FIND answer lacks the identity keys and no"
                                + " instance of the study could be retrieved with C-GET"));
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
                + " (and this host) in the PACS as a node that may query and retrieve (C-FIND, C-GET), then run the scan"
                + " again; it resumes where it was.";
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
        RetrieveScu.Result r = RetrieveScu.get(dimse, QueryRetrieve.STUDY_ROOT_GET, keys, (request, in) -> {
            TransferSyntax ts = request.transferSyntax();
            header.set(new DicomReader(new DicomInput(in, pacs + " study " + studyUid, 0, -1)).readDataSet(ts, STOP_BEFORE));
            return Status.SUCCESS;
        });
        if (header.get() == null && !r.status().isSuccess()) {
            throw new PacsRefusedException(pacs + " answered the C-GET of an instance of study " + studyUid
                    + " from AE title " + pacs.callingAeTitle() + " with " + r.status() + " (" + r.failed()
                    + " failed): the PACS must allow this AE title to retrieve (C-GET)");
        }
        return header.get();
    }
}
