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
import nl.zorgbrug.dicom.net.service.QueryRetrieve;
import nl.zorgbrug.dicom.net.service.RetrieveScu;
import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.Direction;
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

    public Sent send(String studyInstanceUid, String institution, String remark, String referralReason, String user)
            throws IOException {
        // A route without destination rules, so the person's choice of institution is where the study goes.
        Route route = routes.stream().filter(r -> r.direction() == Direction.EXPORT && r.destination().equals(institution)
                        && r.rules().isEmpty())
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no export route to institution '"
                        + institution + "' without destination rules; add one in zorgbrug.gateway.routes"));
        Institution pacs = book.find(ownPacs).filter(i -> i.aeTitle() != null).orElseThrow(() ->
                new IllegalArgumentException("the own PACS ('" + ownPacs + "') has no DICOM endpoint in the address book"));
        Job job = manager.announce(studyInstanceUid, institution, Direction.EXPORT, remark, referralReason, user);
        DataSet keys = new DataSet().setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY")
                .setString(Tag.StudyInstanceUID, VR.UI, studyInstanceUid);
        try (Association as = connector.connect(pacs.host(), pacs.port(), connector.request(callingAeTitle, pacs.aeTitle(),
                List.of(QueryRetrieve.context(1, QueryRetrieve.STUDY_ROOT_MOVE)), List.of(), null))) {
            RetrieveScu.Result r = RetrieveScu.move(new Dimse(as), QueryRetrieve.STUDY_ROOT_MOVE, keys,
                    route.calledAeTitle());
            as.release();
            if (!r.status().isSuccess() && r.completed() == 0) {
                job = manager.hold(manager.get(job.id()), "the PACS " + pacs.aeTitle() + " did not send the study: C-MOVE status "
                        + r.status() + " (" + r.failed() + " failed)");
            }
            return new Sent(manager.get(job.id()), r.completed(), r.failed());
        }
    }
}
