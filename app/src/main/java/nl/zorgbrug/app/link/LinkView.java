package nl.zorgbrug.app.link;

import java.time.Instant;

import nl.zorgbrug.transport.link.DownloadLink;
import nl.zorgbrug.transport.link.LinkState;

/** A download link as the console and the API show it: never a secret nor its hash, nor the patient. */
record LinkView(long id, String studyInstanceUid, String recipient, String institution, String reason, boolean swap,
                boolean once, Instant until, LinkState state, String orderedBy, Instant ordered, int failedAttempts,
                int downloads, Long jobId, long packageBytes, boolean revocable) {

    /**
     * The links as a list shows them, their patients named for the list's audit event (issue 17, NEN 7513: a list
     * names the patients it showed, though the view itself leaves the patient out): the Patient ID of each packed
     * link's package (the BSN after the swap, else the own local number), completed from the MPI when the event is
     * written. A link not packed yet holds no patient; its order's event names its study.
     */
    static java.util.List<LinkView> shown(java.util.List<DownloadLink> links) {
        nl.zorgbrug.app.access.ShownPatients.ids(links.stream().map(DownloadLink::patientId).toList());
        return links.stream().map(LinkView::of).toList();
    }

    static LinkView of(DownloadLink l) {
        return new LinkView(l.id(), l.studyInstanceUid(), l.recipient(), l.institution(), l.reason(), l.swap(),
                l.once(), l.until(), l.state(), l.orderedBy(), l.ordered(), l.failedAttempts(), l.downloads(),
                l.jobId(), l.packageBytes(), l.state() == LinkState.ACTIVE || l.state() == LinkState.ORDERED);
    }
}
