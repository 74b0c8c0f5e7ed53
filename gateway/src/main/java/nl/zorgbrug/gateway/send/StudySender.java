package nl.zorgbrug.gateway.send;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.FindScu;
import nl.zorgbrug.dicom.net.service.QueryRetrieve;
import nl.zorgbrug.dicom.net.service.RetrieveScu;
import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Failure;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.route.Route;

/**
 * "Send study X to institution Y", chosen by a person (issue 5): the job is opened with the sender's
 * remark and referral reason, then the gateway asks our own PACS to C-MOVE the study to the export
 * route's AE title for Y (PS3.4 C.4.2), so the study comes in through the same spool, rules and job.
 */
public final class StudySender {
    private final AddressBook book;
    private final List<Route> routes;
    private final JobManager manager;
    private final Connector connector;
    private final String callingAeTitle;
    private final String ownPacs;
    private final Clock clock;

    /** @param ownPacs address-book key of the hospital's own PACS, which holds the studies */
    public StudySender(AddressBook book, List<Route> routes, JobManager manager, Connector connector,
                       String callingAeTitle, String ownPacs, Clock clock) {
        this.book = book;
        this.routes = routes;
        this.manager = manager;
        this.connector = connector;
        this.callingAeTitle = callingAeTitle;
        this.ownPacs = ownPacs;
        this.clock = clock;
    }

    /** The result of a send: the job, and how many instances the PACS moved (and failed to). */
    public record Sent(Job job, int completed, int failed) {
    }

    /**
     * Sends the study. The PACS is first asked (Study Root C-FIND, PS3.4 C.4.1) whether it has the study; when it
     * answers that it has not, no job is opened. Then the job is opened and the PACS asked to C-MOVE the study to
     * the export route's AE title, which it must know as a move destination (docs/operations.md).
     *
     * @throws StudyNotSentException when the PACS does not have the study (no job), or moved none of it (the job
     *                               is FAILED with the reason)
     * @throws IllegalArgumentException when no export route or no own PACS is configured to send with
     */
    public Sent send(String studyInstanceUid, String institution, String remark, String referralReason, String user)
            throws IOException {
        return send(studyInstanceUid, institution, remark, referralReason, user, false);
    }

    /**
     * As {@link #send(String, String, String, String, String)}; {@code urgent} is "send urgently" (issue 20 part 7):
     * the study goes through the institution's <b>urgent</b> export route, which forwards each image as soon as it is
     * spooled, and its referral is the push's legal basis (Wabvpz art. 15a), so an urgent send needs a referral
     * reason. Neither the image index (registry) nor the consent service is asked: an emergency push bypasses both
     * and works while they are down. The node has one export route per institution (docs/operations.md), so "send
     * urgently" needs that route to be urgent; a send that is not urgent takes the route as it is.
     *
     * @throws IllegalArgumentException also when urgent without a referral reason, or without an urgent route
     */
    public Sent send(String studyInstanceUid, String institution, String remark, String referralReason, String user,
                     boolean urgent) throws IOException {
        if (urgent && (referralReason == null || referralReason.isBlank())) {
            throw new IllegalArgumentException("an urgent send of study " + studyInstanceUid + " needs a referral"
                    + " reason: the referral is its legal basis (Wabvpz art. 15a); give the reason and send again");
        }
        // A route without destination rules, so the person's choice of institution is where the study goes.
        Route route = routes.stream().filter(r -> r.direction() == Direction.EXPORT && r.destination().equals(institution)
                        && r.rules().isEmpty() && (!urgent || r.urgent()))
                .sorted(java.util.Comparator.comparing(Route::urgent))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no " + (urgent ? "urgent " : "")
                        + "export route to institution '" + institution + "' without destination rules; add one in"
                        + " zorgbrug.gateway.routes" + (urgent ? " with urgent: true" : "")));
        Institution pacs = book.find(ownPacs).filter(i -> i.aeTitle() != null).orElseThrow(() ->
                new IllegalArgumentException("the own PACS ('" + ownPacs + "') has no DICOM endpoint in the address book"));
        DataSet keys = new DataSet().setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY")
                .setString(Tag.StudyInstanceUID, VR.UI, studyInstanceUid);
        try (Association as = connector.connect(pacs.host(), pacs.port(), connector.request(callingAeTitle, pacs.aeTitle(),
                List.of(QueryRetrieve.context(1, QueryRetrieve.STUDY_ROOT_MOVE),
                        QueryRetrieve.context(3, QueryRetrieve.STUDY_ROOT_FIND)), List.of(), null))) {
            Dimse dimse = new Dimse(as);
            if (studyAbsent(as, dimse, studyInstanceUid)) {
                as.release();
                throw new StudyNotSentException("the own PACS " + pacs.aeTitle() + " does not have study "
                        + studyInstanceUid + " (its C-FIND found no such study); check the Study Instance UID",
                        null);
            }
            Job job = manager.announce(studyInstanceUid, institution, Direction.EXPORT, remark, referralReason, user);
            RetrieveScu.Result r = RetrieveScu.move(dimse, QueryRetrieve.STUDY_ROOT_MOVE, keys.copy(),
                    route.calledAeTitle());
            as.release();
            if (r.completed() == 0) {
                // Nothing came: a job left waiting would later be "delivered" with no instances at all.
                String reason = "the own PACS " + pacs.aeTitle() + " sent none of study " + studyInstanceUid
                        + " to " + route.calledAeTitle() + ": C-MOVE status " + r.status() + ", " + r.failed()
                        + " failed; does the PACS have the study, and does it know " + route.calledAeTitle()
                        + " as a move destination?";
                Job failed = manager.finish(manager.start(manager.get(job.id())), List.of(),
                        new Failure(true, reason));
                throw new StudyNotSentException(reason, failed);
            }
            return new Sent(manager.get(job.id()), r.completed(), r.failed());
        }
    }

    /**
     * True only when the PACS answered a C-FIND for the study with no match. A PACS that does not take C-FIND from
     * us, or fails it, tells nothing: then the C-MOVE's own answer decides.
     */
    private static boolean studyAbsent(Association as, Dimse dimse, String studyInstanceUid) throws IOException {
        if (as.findContext(QueryRetrieve.STUDY_ROOT_FIND, null) == null) {
            return false;
        }
        DataSet keys = new DataSet().setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY")
                .setString(Tag.StudyInstanceUID, VR.UI, studyInstanceUid);
        int[] matches = {0};
        Status status = FindScu.find(dimse, QueryRetrieve.STUDY_ROOT_FIND, keys, match -> {
            matches[0]++;
            return true;
        });
        return status.isSuccess() && matches[0] == 0;
    }
}
