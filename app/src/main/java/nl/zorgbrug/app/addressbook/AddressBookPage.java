package nl.zorgbrug.app.addressbook;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.gateway.addressbook.Institution;

/** The console's address book: list, add or change (ADMIN), remove. */
@Controller
public class AddressBookPage {
    private final AddressBook book;

    public AddressBookPage(AddressBook book) {
        this.book = book;
    }

    @GetMapping("/institutions")
    public String list(Model model) {
        model.addAttribute("institutions", book.all());
        return "institutions";
    }

    @PostMapping("/institutions")
    public String save(@ModelAttribute InstitutionForm form, RedirectAttributes flash) {
        Institution i = form.toInstitution();
        if (!i.problems().isEmpty()) {
            flash.addFlashAttribute("error", String.join("; ", i.problems()));
        } else {
            book.save(i);
        }
        return "redirect:/institutions";
    }

    @PostMapping("/institutions/{key}/delete")
    public String delete(@PathVariable String key) {
        book.remove(key);
        return "redirect:/institutions";
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
