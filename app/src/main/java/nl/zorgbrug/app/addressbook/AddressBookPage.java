package nl.zorgbrug.app.addressbook;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.delivery.ContactCheck;

/**
 * The console's address book: list, add or change (ADMIN), remove, and test a destination (C-ECHO); an entry's SFTP
 * drop (issue 21) set or removed, as the REST API does.
 */
@nl.zorgbrug.app.access.NotPatientData("the address book: institutions and their systems, no patients")
@Controller
public class AddressBookPage {
    private final AddressBook book;
    private final ContactCheck contact;
    private final JdbcSftpEndpoints drops;

    public AddressBookPage(AddressBook book, ContactCheck contact, JdbcSftpEndpoints drops) {
        this.book = book;
        this.contact = contact;
        this.drops = drops;
    }

    @GetMapping("/institutions")
    public String list(Model model) {
        List<Institution> all = book.all();
        model.addAttribute("institutions", all);
        // When a delivery to each last succeeded: with a test's answer, one look says since when it is down.
        Map<String, Instant> lastDelivery = new HashMap<>();
        all.forEach(i -> contact.lastSuccessfulDelivery(i.key()).ifPresent(t -> lastDelivery.put(i.key(), t)));
        model.addAttribute("lastDelivery", lastDelivery);
        model.addAttribute("drops", drops.all());
        return "institutions";
    }

    /** Tests a destination with a C-ECHO; the answer is shown on the address book page. */
    @PostMapping("/institutions/{key}/echo")
    public String echo(@PathVariable String key, RedirectAttributes flash) {
        Institution institution = book.find(key).orElseThrow(() ->
                new IllegalArgumentException("no institution '" + key + "' in the address book"));
        ContactCheck.Echo answer = contact.echo(institution);
        flash.addFlashAttribute("echoKey", key);
        flash.addFlashAttribute("echo", answer);
        return "redirect:/institutions";
    }

    @nl.zorgbrug.app.access.ConfigurationChange(value = "address book entry", key = "key")
    @PostMapping("/institutions")
    public String save(@ModelAttribute InstitutionForm form, RedirectAttributes flash,
                       jakarta.servlet.http.HttpServletRequest request) {
        Institution i = form.toInstitution();
        if (!i.problems().isEmpty()) {
            flash.addFlashAttribute("error", String.join("; ", i.problems()));
            request.setAttribute(nl.zorgbrug.app.access.ConfigurationChange.REFUSED, String.join("; ", i.problems()));
        } else {
            book.save(i);
        }
        return "redirect:/institutions";
    }

    @nl.zorgbrug.app.access.ConfigurationChange(value = "address book entry", key = "key", action = nl.zorgbrug.audit.event.Action.DELETE)
    @PostMapping("/institutions/{key}/delete")
    public String delete(@PathVariable String key) {
        book.remove(key);
        return "redirect:/institutions";
    }

    /**
     * An entry's SFTP drop from the console's form. The password field is left empty on a change: an empty one keeps
     * the password set before (the page never shows it), unless a private key is given now.
     */
    @nl.zorgbrug.app.access.ConfigurationChange(value = "SFTP drop of address book entry", key = "key")
    @PostMapping("/institutions/sftp")
    public String saveDrop(@org.springframework.web.bind.annotation.RequestParam String key,
                           @ModelAttribute DropForm form, RedirectAttributes flash,
                           jakarta.servlet.http.HttpServletRequest request) {
        try {
            if (book.find(key).isEmpty()) {
                throw new IllegalArgumentException("no address-book entry '" + key + "': create the entry first");
            }
            JdbcSftpEndpoints.Drop drop = form.toJson().toDrop(key);
            var before = drops.find(key);
            if (drop.endpoint().password() == null && drop.endpoint().privateKey() == null && before.isPresent()) {
                var e = drop.endpoint();
                drop = new JdbcSftpEndpoints.Drop(key, new nl.zorgbrug.transport.sftp.SftpEndpoint(e.host(), e.port(),
                        e.user(), e.hostKeyFingerprint(), null, before.get().endpoint().password(), e.folder(),
                        e.receiptTimeout()), drop.preferred());
            }
            drops.save(drop);
            flash.addFlashAttribute("saved", key);
        } catch (IllegalArgumentException e) {
            flash.addFlashAttribute("error", e.getMessage());
            request.setAttribute(nl.zorgbrug.app.access.ConfigurationChange.REFUSED, e.getMessage());
        }
        return "redirect:/institutions";
    }

    @nl.zorgbrug.app.access.ConfigurationChange(value = "SFTP drop of address book entry", key = "key",
            action = nl.zorgbrug.audit.event.Action.DELETE)
    @PostMapping("/institutions/{key}/sftp/delete")
    public String deleteDrop(@PathVariable String key,
                             @org.springframework.web.bind.annotation.RequestParam(defaultValue = "false") boolean confirm,
                             RedirectAttributes flash, jakarta.servlet.http.HttpServletRequest request) {
        if (!confirm) {
            // The page's tick box says "yes, remove": a removal by a stray click would stop deliveries by SFTP.
            flash.addFlashAttribute("error", "SFTP drop of '" + key + "' not removed: tick the box to confirm");
            request.setAttribute(nl.zorgbrug.app.access.ConfigurationChange.REFUSED, "not confirmed");
        } else {
            drops.remove(key);
        }
        return "redirect:/institutions";
    }

    /** The SFTP form's fields; port and receipt time may be empty. */
    public record DropForm(String host, Integer port, String user, String hostKeyFingerprint, String privateKey,
                           String password, String folder, String receiptTimeout, Boolean preferred) {
        AddressBookController.SftpJson toJson() {
            return new AddressBookController.SftpJson(host, port == null ? 0 : port, user, hostKeyFingerprint,
                    privateKey, password, folder, Boolean.TRUE.equals(preferred), false, receiptTimeout);
        }
    }

    /** The form's fields; port may be empty. */
    public record InstitutionForm(String key, String name, String ura, String agb, String patientIdIssuerOid,
                                  String aeTitle, String host, Integer port, Boolean tls, String stowRsUrl,
                                  String email, String phone, Boolean storageCommitment,
                                  String certificateSubject) {
        Institution toInstitution() {
            return new Institution(key, name, ura, agb, patientIdIssuerOid, aeTitle, host, port == null ? 0 : port,
                    Boolean.TRUE.equals(tls), stowRsUrl, email, phone, Boolean.TRUE.equals(storageCommitment),
                    certificateSubject == null || certificateSubject.isBlank() ? null : certificateSubject.trim());
        }
    }
}
