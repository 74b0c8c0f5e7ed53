package nl.zorgbrug.app.bgz;

import java.security.Principal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import nl.zorgbrug.app.access.PatientData;
import nl.zorgbrug.app.audit.AuditConfiguration.AuditActors;
import nl.zorgbrug.audit.consent.DataCategory;
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
import nl.zorgbrug.bgz.takeover.Match;
import nl.zorgbrug.bgz.takeover.Outcome;
import nl.zorgbrug.bgz.takeover.Selection;
import nl.zorgbrug.bgz.takeover.TakeOver;

/**
 * Taking a received BgZ over into the own record (issue 19, Verwerkend), in two steps so that nothing lands in the
 * record by one click: the clinician picks the whole BgZ, a section or single zibs (and, per suspected duplicate or
 * conflict, whether to take it over all the same) on the received BgZ's page; this page then lists what will be taken
 * over and what stays out, and only its confirmation takes over. The confirmation is the domain's IMPORT event.
 */
@Controller
public class BgzTakeOverPage {
    private final ReceivedBgzStore store;
    private final TakeOver takeOver;
    private final AuditLog trail;
    private final AuditActors actors;
    private final Clock clock;

    BgzTakeOverPage(ReceivedBgzStore store, TakeOver takeOver, AuditLog trail, AuditActors actors, Clock clock) {
        this.store = store;
        this.takeOver = takeOver;
        this.trail = trail;
        this.actors = actors;
        this.clock = clock;
    }

    /** One line of the confirmation: an item, its verdict, and whether it will be taken over. */
    public record Planned(DataCategory section, ReceivedBgzView.Item item, Match match, boolean taken) {
    }

    /** The confirmation page: what the selection takes over, and what it leaves (shown, so a VIEW of the patient). */
    @PatientData(value = EventType.VIEW, recordedByDomain = true)
    @PostMapping("/bgz/received/{id}/take-over")
    public String confirm(@PathVariable String id, @RequestParam(required = false) String what,
                          @RequestParam(required = false) List<String> item,
                          @RequestParam(required = false) List<String> decide, Principal user, Model model,
                          RedirectAttributes flash) {
        ReceivedBgz received = find(id);
        trail.record(AuditEvent.of(EventType.VIEW, actors.person(user.getName()), clock.instant())
                .patient(PatientRef.of(received.patient()))
                .source(new Peer(received.source().name(), null, received.source().base()))
                .object(new ObjectRef(ObjectKind.FHIR_RESOURCE, "received-bgz/" + received.id()))
                .detail("take-over of received BgZ from " + received.source().name() + " to be confirmed in the"
                        + " console").build());
        Selection selection;
        try {
            selection = selection(what, item, decide);
        } catch (IllegalArgumentException e) {
            flash.addFlashAttribute("error", e.getMessage());
            return "redirect:/bgz/received/" + received.id();
        }
        var review = takeOver.review(received).bySourceReference();
        List<Planned> planned = new ArrayList<>();
        ReceivedBgzView view = ReceivedBgzView.of(received, BgzStu3Server.context());
        for (ReceivedBgzView.Section s : view.sections()) {
            for (ReceivedBgzView.Item i : s.items()) {
                Match m = review.get(i.reference());
                if (m != null && selection.covers(m.incoming())) {
                    planned.add(new Planned(s.category(), i, m, selection.takes(m)));
                }
            }
        }
        model.addAttribute("view", view);
        model.addAttribute("planned", planned);
        model.addAttribute("takes", planned.stream().filter(Planned::taken).count());
        model.addAttribute("what", what);
        model.addAttribute("items", item == null ? List.of() : item);
        model.addAttribute("decided", decide == null ? List.of() : decide);
        return "bgz-takeover-confirm";
    }

    /** The confirmed take-over; the domain writes the IMPORT event naming the patient and what was stored. */
    @PatientData(value = EventType.IMPORT, recordedByDomain = true)
    @PostMapping("/bgz/received/{id}/take-over/confirm")
    public String takeOver(@PathVariable String id, @RequestParam(required = false) String what,
                           @RequestParam(required = false) List<String> item,
                           @RequestParam(required = false) List<String> decide, Principal user,
                           RedirectAttributes flash) {
        ReceivedBgz received = find(id);
        try {
            Outcome out = takeOver.takeOver(received, selection(what, item, decide), actors.person(user.getName()));
            flash.addFlashAttribute("takenOver", out);
        } catch (IllegalArgumentException | IllegalStateException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/bgz/received/" + received.id();
    }

    /** {@code what}: {@code all}, {@code section:CATEGORY} or {@code items} (with the ticked {@code item}s). */
    static Selection selection(String what, List<String> items, List<String> decided) {
        Set<String> decide = decided == null ? Set.of() : Set.copyOf(decided);
        if (what == null || what.isBlank()) {
            throw new IllegalArgumentException("what to take over is missing: the whole BgZ, a section or the ticked"
                    + " items");
        }
        if ("all".equals(what)) {
            return Selection.all(decide);
        }
        if ("items".equals(what)) {
            return Selection.items(items == null ? Set.of() : Set.copyOf(items), decide);
        }
        if (what.startsWith("section:")) {
            try {
                return Selection.section(DataCategory.valueOf(what.substring("section:".length())), decide);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("no BgZ section " + what.substring(8) + ": pick a section of the"
                        + " page");
            }
        }
        throw new IllegalArgumentException("cannot take over '" + what + "': use all, section:NAME or items");
    }

    private ReceivedBgz find(String id) {
        try {
            return store.find(UUID.fromString(id)).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                    "no received BgZ " + id));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no received BgZ " + id);
        }
    }
}
