package nl.zorgbrug.app.link;

import java.time.Clock;

import nl.zorgbrug.app.audit.AuditConfiguration.AuditActors;
import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Peer;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.gateway.ReferralLookup;
import nl.zorgbrug.audit.trail.AuditLog;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.transport.link.DownloadLink;
import nl.zorgbrug.transport.link.LinkEvents;

/**
 * Download links in the audit trail (NEN 7513): the order and the revocation as a person's JOB_ACTION, the mail as the
 * node's SEND to the recipient (on the order's reason as its referral), every download and every refused one as a
 * RETRIEVE by the recipient (who is no user of the node, so with role UNKNOWN and the address as identification), from
 * the address it came from.
 */
final class LinkAudit implements LinkEvents {
    private final AuditLog trail;
    private final AuditActors actors;
    private final Clock clock;

    LinkAudit(AuditLog trail, AuditActors actors, Clock clock) {
        this.trail = trail;
        this.actors = actors;
        this.clock = clock;
    }

    @Override
    public void ordered(DownloadLink link) {
        trail.record(about(link, AuditEvent.of(EventType.JOB_ACTION, actors.person(link.orderedBy()), clock.instant()))
                .detail("download link " + link.id() + " ordered for " + link.recipient() + ": " + link.reason())
                .build());
    }

    @Override
    public void mailed(DownloadLink link) {
        trail.record(about(link, AuditEvent.of(EventType.SEND, actors.node(), clock.instant()))
                .destination(Peer.named(link.recipient()))
                // The link goes out on the reason its orderer gave (required; it went to the job as its referral
                // reason, issue 17 "Enforcement"): the push's legal basis, as on the link job's own send.
                .legalBasis(new ReferralLookup.JobReferral(link.reason(), link.orderedBy(), link.ordered())
                        .basis("download link " + link.id()))
                .detail("download link " + link.id() + " mailed, " + (link.once() ? "once" : "repeatedly") + " until "
                        + link.until() + (link.swap() ? ", export swap applied" : ", without swap"))
                .build());
    }

    @Override
    public void downloaded(DownloadLink link, String from) {
        trail.record(about(link, AuditEvent.of(EventType.RETRIEVE, recipient(link), clock.instant()))
                .accessPoint(AccessPoint.host(from))
                .detail("download link " + link.id() + " downloaded (" + link.downloads() + ")").build());
    }

    @Override
    public void refused(DownloadLink link, String from, String why) {
        AuditEvent.Builder event = link == null
                ? AuditEvent.of(EventType.RETRIEVE, new Actor("unknown", null, Role.UNKNOWN, null), clock.instant())
                : about(link, AuditEvent.of(EventType.RETRIEVE, recipient(link), clock.instant()));
        trail.record(event.outcome(Outcome.MINOR_FAILURE).accessPoint(AccessPoint.host(from))
                .detail("download " + (link == null ? "" : "of link " + link.id() + " ") + "refused: " + why).build());
    }

    @Override
    public void revoked(DownloadLink link, String user) {
        trail.record(about(link, AuditEvent.of(EventType.JOB_ACTION, actors.person(user), clock.instant()))
                .detail("download link " + link.id() + " to " + link.recipient() + " revoked").build());
    }

    private static Actor recipient(DownloadLink link) {
        return new Actor(link.recipient(), link.recipient(), Role.UNKNOWN, null);
    }

    /** The study, the job, and the patient as the package names it (a BSN, else the Patient ID). */
    private static AuditEvent.Builder about(DownloadLink link, AuditEvent.Builder event) {
        event.object(ObjectRef.study(link.studyInstanceUid()));
        if (link.jobId() != null) {
            event.object(ObjectRef.job(link.jobId()));
        }
        String id = link.patientId();
        if (id != null && !id.isBlank()) {
            event.patient(Bsn.isValid(id) ? PatientRef.of(Bsn.parse(id)) : new PatientRef(null, id));
        }
        return event;
    }
}
