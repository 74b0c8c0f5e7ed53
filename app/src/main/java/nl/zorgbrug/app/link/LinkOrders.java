package nl.zorgbrug.app.link;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.springframework.stereotype.Component;

import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.send.StudyNotSentException;
import nl.zorgbrug.gateway.send.StudySender;
import nl.zorgbrug.transport.link.DownloadLink;
import nl.zorgbrug.transport.link.LinkDesk;

/**
 * A person's order of a download link, from the console or the API: the address typed or taken from the address book,
 * the order recorded ({@link LinkDesk#order}), then our PACS asked to send the study to the link route (C-MOVE through
 * {@link StudySender}, as "send study" does). When the PACS cannot be asked (none configured, no link route without
 * destination rules), the order waits for the study to be sent to the link route's AE title by hand.
 */
@Component
class LinkOrders {
    private final LinkDesk desk;
    private final AddressBook book;
    private final StudySender sender;
    private final LinkProperties settings;

    LinkOrders(LinkDesk desk, AddressBook book, StudySender sender, LinkProperties settings) {
        this.desk = desk;
        this.book = book;
        this.sender = sender;
        this.settings = settings;
    }

    /** An order as a person gives it; {@code until} a date (the link works to the end of that day, UTC). */
    record Request(String studyInstanceUid, String recipient, String institution, String reason, Boolean swap,
                   Boolean once, LocalDate until) {
    }

    /** The order as recorded, and what became of asking the PACS. */
    record Ordered(DownloadLink link, String study) {
    }

    Ordered order(Request r, String user) throws IOException {
        String institution = r.institution() == null || r.institution().isBlank() ? null : r.institution().trim();
        String recipient = r.recipient() == null || r.recipient().isBlank() ? null : r.recipient().trim();
        if (recipient == null && institution != null) {
            Institution i = book.find(institution).orElseThrow(() -> new IllegalArgumentException(
                    "download link not ordered: institution: no '" + institution + "' in the address book"));
            if (i.email() == null || i.email().isBlank()) {
                throw new IllegalArgumentException("download link not ordered: institution: '" + institution
                        + "' has no e-mail address in the address book; type the address");
            }
            recipient = i.email();
        }
        Instant until = r.until() == null ? null : r.until().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        DownloadLink link = desk.order(new LinkDesk.Order(r.studyInstanceUid() == null ? null : r.studyInstanceUid().trim(),
                recipient, institution, r.reason(), !Boolean.FALSE.equals(r.swap()), !Boolean.FALSE.equals(r.once()),
                until), user);
        return new Ordered(link, askPacs(link, user));
    }

    private String askPacs(DownloadLink link, String user) throws IOException {
        try {
            StudySender.Sent sent = sender.send(link.studyInstanceUid(), settings.destination(), null, link.reason(),
                    user);
            return "our PACS sent " + sent.completed() + " object(s) to the link route (job " + sent.job().id() + ")";
        } catch (StudyNotSentException | IllegalArgumentException e) {
            return "the study is awaited on the link route (destination '" + settings.destination()
                    + "'): our PACS was not asked or sent nothing: " + e.getMessage();
        }
    }
}
