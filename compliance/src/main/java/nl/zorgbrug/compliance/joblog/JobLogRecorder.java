package nl.zorgbrug.compliance.joblog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import nl.zorgbrug.bsn.classify.BsnClassifier;
import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.bsn.mpi.MasterPatientIndex;
import nl.zorgbrug.compliance.measure.Exemption;
import nl.zorgbrug.compliance.measure.ForeignerRule;
import nl.zorgbrug.compliance.measure.HeaderFacts;
import nl.zorgbrug.compliance.measure.StudyMark;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.events.EventHub;
import nl.zorgbrug.gateway.events.EventOutbox;
import nl.zorgbrug.gateway.events.GatewayEvent;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Transactions;
import nl.zorgbrug.gateway.spool.Spool;

/**
 * The measurement's subscriber of the gateway's outbox ({@code subscribeInBatches("compliance", …)}, its own position,
 * as the audit trail's): each batch in one transaction.
 * <ul>
 *   <li>{@link GatewayEvent.ObjectReceived}: the object with its verdict (import: as it arrived; export: as it leaves
 *       after the swap, or as it arrived when it does not leave, held or quarantined), route, receive time, for an
 *       import the sender's institution by its calling AE title in the address book (else by its TLS certificate), and
 *       from the header in the route's spool the modality, study date, evidence and the foreigner rule.</li>
 *   <li>{@link GatewayEvent.JoinedJob}: the job, the destination (an export's institution) and the urgent route.</li>
 *   <li>{@link GatewayEvent.PersonAction} {@value #EXEMPT} and {@value #EMERGENCY}: a person's mark on a study.</li>
 * </ul>
 * Every event at least once: the writes are idempotent (an object is keyed by direction, study and SOP instance; a
 * mark by its outbox position).
 */
public final class JobLogRecorder implements EventHub.BatchListener {
    /** Its name on the event hub: the key of its outbox position, so keep it across versions. */
    public static final String SUBSCRIPTION = "compliance";

    /** The person action that exempts one study, with the reason as its why. */
    public static final String EXEMPT = "COMPLIANCE_EXEMPT";
    /** The person action that marks a job's study as a category-1 emergency, with the reason as its why. */
    public static final String EMERGENCY = "CATEGORY_1_EMERGENCY";
    private static final System.Logger LOG = System.getLogger(JobLogRecorder.class.getName());
    private static final long STOP_BEFORE = Integer.toUnsignedLong(Tag.SeriesInstanceUID);

    private final MeasurementStore store;
    private final Transactions transactions;
    private final AddressBook addressBook;
    private final MasterPatientIndex mpi;
    private final BsnClassifier classifier;
    private final ForeignerRule foreigners;
    private final Spool spool;

    public JobLogRecorder(MeasurementStore store, Transactions transactions, AddressBook addressBook,
                              MasterPatientIndex mpi, BsnClassifier classifier, ForeignerRule foreigners, Spool spool) {
        this.spool = spool;
        this.store = store;
        this.transactions = transactions;
        this.addressBook = addressBook;
        this.mpi = mpi;
        this.classifier = classifier;
        this.foreigners = foreigners;
    }

    @Override
    public void on(List<EventOutbox.Kept> batch) {
        transactions.inOne(() -> {
            for (EventOutbox.Kept kept : batch) {
                record(kept);
            }
            return null;
        });
    }

    private void record(EventOutbox.Kept kept) {
        GatewayEvent e = kept.event();
        if (e instanceof GatewayEvent.ObjectReceived r) {
            Verdict v = r.direction() == Direction.EXPORT && r.verdictSent() != null ? r.verdictSent() : r.verdict();
            if (v == null) {
                return; // no classifier ran on this route: nothing to count
            }
            String institution = r.direction() == Direction.IMPORT ? sender(r) : null;
            store.received(r.direction(), r.studyInstanceUid(), r.sopInstanceUid(), r.route(), institution,
                    r.callingAeTitle(), v, r.at(), facts(r.route(), r.studyInstanceUid(), r.sopInstanceUid()));
        } else if (e instanceof GatewayEvent.JoinedJob j) {
            store.joined(j.direction(), j.studyInstanceUid(), j.sopInstanceUid(), j.jobId(), j.destination(), j.urgent());
        } else if (e instanceof GatewayEvent.PersonAction a && (EXEMPT.equals(a.action()) || EMERGENCY.equals(a.action()))) {
            List<String> studies = a.studyInstanceUid() != null ? List.of(a.studyInstanceUid())
                    : a.jobId() == null ? List.of() : store.studiesOfJob(a.jobId());
            for (String study : studies) {
                store.mark(kept.position(), new StudyMark(study, EXEMPT.equals(a.action()) ? Exemption.PERSON
                        : Exemption.EMERGENCY, a.why(), a.user(), a.at()));
            }
        }
    }

    /**
     * The header of the object as it arrived, from the route's spool (joined or quarantined); unknown when it has left
     * the spool already (a catch-up after a long stop, events kept before the measurement existed).
     */
    private HeaderFacts facts(String route, String study, String sop) {
        Path file;
        try {
            file = spool.forRoute(route).current(study, sop);
        } catch (RuntimeException e) {
            return HeaderFacts.UNKNOWN;
        }
        if (!Files.isRegularFile(file)) {
            return HeaderFacts.UNKNOWN;
        }
        RuntimeException[] mpiFailure = {null};
        try {
            return HeaderFacts.of(Part10Reader.read(file, STOP_BEFORE).dataSet(), classifier, foreigners,
                    (id, issuer) -> {
                        try {
                            return mpi.byLocalId(id, issuer);
                        } catch (RuntimeException e) {
                            mpiFailure[0] = e;
                            throw e;
                        }
                    });
        } catch (Exception e) {
            if (e == mpiFailure[0]) {
                // The MPI (its database) did not answer: that says nothing about the object. Thrown, the batch rolls
                // back and is handed again at the next catch-up (EventHub), instead of being counted for good
                // without its facts under a message that blames the file.
                throw mpiFailure[0];
            }
            LOG.log(System.Logger.Level.WARNING, "compliance: the header of spooled object " + file + " could not be"
                    + " read (" + e.getMessage() + "); it is counted without modality, study date and evidence");
            return HeaderFacts.UNKNOWN;
        }
    }

    /**
     * The sending institution of an import: by its calling AE title in the address book, else by the subject of the TLS
     * certificate it presented (a modality or PACS of a known hospital calling with an AE title not in the book).
     */
    private String sender(GatewayEvent.ObjectReceived r) {
        Optional<Institution> byAe = r.callingAeTitle() == null ? Optional.empty()
                : addressBook.byAeTitle(r.callingAeTitle().trim());
        return byAe.or(() -> addressBook.byCertificateSubject(r.tlsPeerSubject())).map(Institution::key).orElse(null);
    }
}
