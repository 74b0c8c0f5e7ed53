package nl.zorgbrug.app.bgz;

import java.security.Principal;
import java.time.Clock;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

import nl.zorgbrug.app.access.PatientData;
import nl.zorgbrug.app.audit.AuditConfiguration.AuditActors;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.ObjectKind;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Peer;
import nl.zorgbrug.audit.trail.AuditLog;
import nl.zorgbrug.bgz.receive.ReceivedBgz;
import nl.zorgbrug.bgz.receive.ReceivedBgzStore;
import nl.zorgbrug.bgz.receive.ReceivedBgzView;
import nl.zorgbrug.bgz.stu3.BgzStu3Server;

/**
 * The console's received BgZs (issue 19, Ontvangend and Verwerkend): the list, newest first, with the ones nobody has
 * opened marked (the department's notice), and one received BgZ per zib section as text, with its source. Opening one
 * is a VIEW of that patient's data in the trail, and marks it seen. Beside each item, what reconciliation says of it
 * against the own record; taking items over is {@link BgzTakeOverPage}.
 */
@Controller
public class ReceivedBgzPage {
    private final ReceivedBgzStore store;
    private final AuditLog trail;
    private final AuditActors actors;
    private final Clock clock;
    private final BgzExchange exchange;
    private final nl.zorgbrug.bgz.takeover.TakeOver takeOver;

    ReceivedBgzPage(ReceivedBgzStore store, AuditLog trail, AuditActors actors, Clock clock, BgzExchange exchange,
                    nl.zorgbrug.bgz.takeover.TakeOver takeOver) {
        this.takeOver = takeOver;
        this.store = store;
        this.trail = trail;
        this.actors = actors;
        this.clock = clock;
        this.exchange = exchange;
    }

    /** The list shows each BgZ's patient (BSN, masked unless the role sees it whole): the event names them all. */
    @PatientData(value = EventType.VIEW, listsPatients = true)
    @GetMapping("/bgz/received")
    public String list(Model model) {
        java.util.List<ReceivedBgz.Summary> received = store.recent(200);
        nl.zorgbrug.app.access.ShownPatients.ids(received.stream().map(r -> r.patient().value()).toList());
        model.addAttribute("received", received);
        model.addAttribute("institutions", exchange.institutions());
        return "bgz-received";
    }

    @PatientData(value = EventType.VIEW, recordedByDomain = true)
    @GetMapping("/bgz/received/{id}")
    public String show(@PathVariable String id, Principal user, Model model) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no received BgZ " + id);
        }
        ReceivedBgz received = store.find(uuid).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no received BgZ " + id));
        trail.record(AuditEvent.of(EventType.VIEW, actors.person(user.getName()), clock.instant())
                .patient(PatientRef.of(received.patient()))
                .source(new Peer(received.source().name(), null, received.source().base()))
                .object(new ObjectRef(ObjectKind.FHIR_RESOURCE, "received-bgz/" + received.id()))
                .detail("received BgZ from " + received.source().name() + " opened in the console").build());
        store.markSeen(uuid, user.getName(), clock.instant());
        model.addAttribute("view", ReceivedBgzView.of(received, BgzStu3Server.context()));
        // Beside each item what reconciliation says of it against the own record (duplicate, suspected, conflict).
        model.addAttribute("review", takeOver.review(received).bySourceReference());
        return "bgz-received-one";
    }
}
