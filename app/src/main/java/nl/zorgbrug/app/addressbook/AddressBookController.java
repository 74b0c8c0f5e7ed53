package nl.zorgbrug.app.addressbook;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import nl.zorgbrug.gateway.addressbook.AddressBookCsv;
import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.gateway.addressbook.Institution;

/** The address book's REST API: CRUD, and import/export as CSV or JSON (ADMIN changes, others read). */
@RestController
@RequestMapping("/api/institutions")
public class AddressBookController {
    private final AddressBook book;

    public AddressBookController(AddressBook book) {
        this.book = book;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public List<InstitutionJson> all() {
        return book.all().stream().map(InstitutionJson::of).toList();
    }

    @GetMapping("/{key}")
    public ResponseEntity<InstitutionJson> get(@PathVariable String key) {
        return ResponseEntity.of(book.find(key).map(InstitutionJson::of));
    }

    @PutMapping("/{key}")
    public InstitutionJson put(@PathVariable String key, @RequestBody InstitutionJson body) {
        Institution institution = body.toInstitution();
        if (!key.equals(institution.key())) {
            throw new IllegalArgumentException("key in the path ('" + key + "') differs from the body ('"
                    + institution.key() + "')");
        }
        book.save(institution);
        return InstitutionJson.of(institution);
    }

    @DeleteMapping("/{key}")
    public ResponseEntity<Void> delete(@PathVariable String key) {
        return book.remove(key) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }

    @GetMapping(value = "/export.csv", produces = "text/csv")
    public String exportCsv() {
        return AddressBookCsv.export(book.all());
    }

    /** Replaces the whole address book with the CSV's entries; nothing changes when any line is bad. */
    @PostMapping(value = "/import", consumes = "text/csv")
    public Map<String, Integer> importCsv(@RequestBody String csv) throws IOException {
        List<Institution> entries = AddressBookCsv.parse(new StringReader(csv), "uploaded CSV");
        book.replaceAll(entries);
        return Map.of("imported", entries.size());
    }

    /** Replaces the whole address book with the JSON array's entries (the format of GET). */
    @PostMapping(value = "/import", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Integer> importJson(@RequestBody List<InstitutionJson> body) {
        List<Institution> entries = body.stream().map(InstitutionJson::toInstitution).toList();
        book.replaceAll(entries);
        return Map.of("imported", entries.size());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> invalid(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", e.getMessage()));
    }
}
