package nl.zorgbrug.app.link;

import java.io.IOException;
import java.security.Principal;
import java.time.LocalDate;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import nl.zorgbrug.app.access.PatientData;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.transport.link.LinkDesk;

/** The console's download links ("DICOM e-mail"): the list, the order form, revoke. */
@Controller
public class LinksPage {
    private final LinkDesk desk;
    private final LinkOrders orders;
    private final AddressBook book;

    LinksPage(LinkDesk desk, LinkOrders orders, AddressBook book) {
        this.desk = desk;
        this.orders = orders;
        this.book = book;
    }

    @PatientData(value = EventType.VIEW, listsPatients = true)
    @GetMapping("/links")
    public String list(Model model) {
        model.addAttribute("links", LinkView.shown(desk.recent(200)));
        model.addAttribute("institutions", book.all().stream().filter(i -> i.email() != null && !i.email().isBlank())
                .toList());
        return "links";
    }

    @PatientData(value = EventType.JOB_ACTION, recordedByDomain = true)
    @PostMapping("/links")
    public String order(@RequestParam(required = false) String studyInstanceUid,
                        @RequestParam(required = false) String recipient,
                        @RequestParam(required = false) String institution,
                        @RequestParam(required = false) String reason,
                        @RequestParam(defaultValue = "false") boolean swap,
                        @RequestParam(defaultValue = "false") boolean once,
                        @RequestParam(required = false) LocalDate until, Principal user, RedirectAttributes flash)
            throws IOException {
        try {
            LinkOrders.Ordered ordered = orders.order(new LinkOrders.Request(studyInstanceUid, recipient, institution,
                    reason, swap, once, until), user.getName());
            flash.addFlashAttribute("ordered", ordered.link().id());
            flash.addFlashAttribute("study", ordered.study());
        } catch (IllegalArgumentException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/links";
    }

    @PatientData(value = EventType.JOB_ACTION, recordedByDomain = true)
    @PostMapping("/links/{id}/revoke")
    public String revoke(@PathVariable long id, Principal user, RedirectAttributes flash) throws IOException {
        try {
            desk.revoke(id, user.getName());
            flash.addFlashAttribute("revoked", id);
        } catch (IllegalArgumentException | IllegalStateException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/links";
    }
}
