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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import nl.zorgbrug.gateway.addressbook.AddressBookCsv;
import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.gateway.addressbook.Institution;

/** The address book's REST API: CRUD, and import/export as CSV or JSON (ADMIN changes, others read). */
@nl.zorgbrug.app.access.NotPatientData("the address book: institutions and their systems, no patients")
@RestController
@RequestMapping("/api/institutions")
public class AddressBookController {
    private final AddressBook book;
    private final JdbcSftpEndpoints drops;

    public AddressBookController(AddressBook book, JdbcSftpEndpoints drops) {
        this.book = book;
        this.drops = drops;
    }

    /**
     * An entry's SFTP drop (issue 21, docs/transport.md) as the REST API reads and writes it; the password is never
     * read back, only whether one is set.
     */
    public record SftpJson(String host, int port, String user, String hostKeyFingerprint, String privateKey,
                           String password, String folder, boolean preferred, boolean passwordSet,
                           String receiptTimeout) {
        static SftpJson of(JdbcSftpEndpoints.Drop d) {
            var e = d.endpoint();
            return new SftpJson(e.host(), e.port(), e.user(), e.hostKeyFingerprint(),
                    e.privateKey() == null ? null : e.privateKey().toString(), null, e.folder(), d.preferred(),
                    e.password() != null, e.receiptTimeout() == null ? null : e.receiptTimeout().toString());
        }

        /** The drop as the address book keeps it; port 0 is SSH's 22, empty texts are absent. */
        JdbcSftpEndpoints.Drop toDrop(String key) {
            return new JdbcSftpEndpoints.Drop(key, new nl.zorgbrug.transport.sftp.SftpEndpoint(blankAsNull(host),
                    port == 0 ? 22 : port, blankAsNull(user), blankAsNull(hostKeyFingerprint),
                    privateKey == null || privateKey.isBlank() ? null : java.nio.file.Path.of(privateKey.trim()),
                    password == null || password.isEmpty() ? null : password, blankAsNull(folder),
                    receiptTimeoutDuration()), preferred);
        }

        private static String blankAsNull(String s) {
            return s == null || s.isBlank() ? null : s.trim();
        }

        /** ISO 8601 ("PT1H"); empty or absent: the partner writes no receipts. */
        java.time.Duration receiptTimeoutDuration() {
            if (receiptTimeout == null || receiptTimeout.isBlank()) {
                return null;
            }
            try {
                return java.time.Duration.parse(receiptTimeout.strip());
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("receiptTimeout: '" + receiptTimeout + "' is not an ISO 8601"
                        + " duration; write e.g. PT1H for an hour, PT30M for half an hour, or leave it empty when the"
                        + " partner writes no receipts");
            }
        }
    }

    @GetMapping("/{key}/sftp")
    public ResponseEntity<SftpJson> getSftp(@PathVariable String key) {
        return ResponseEntity.of(drops.find(key).map(SftpJson::of));
    }

    @nl.zorgbrug.app.access.ConfigurationChange(value = "SFTP drop of address book entry", key = "key")
    @PutMapping("/{key}/sftp")
    public SftpJson putSftp(@PathVariable String key, @RequestBody SftpJson body) {
        if (book.find(key).isEmpty()) {
            throw new IllegalArgumentException("no address-book entry '" + key + "': create the entry first");
        }
        JdbcSftpEndpoints.Drop drop = body.toDrop(key);
        drops.save(drop);
        return SftpJson.of(drop);
    }

    @nl.zorgbrug.app.access.ConfigurationChange(value = "SFTP drop of address book entry", key = "key", action = nl.zorgbrug.audit.event.Action.DELETE)
    @DeleteMapping("/{key}/sftp")
    public ResponseEntity<Void> deleteSftp(@PathVariable String key) {
        return drops.remove(key) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public List<InstitutionJson> all() {
        return book.all().stream().map(InstitutionJson::of).toList();
    }

    @GetMapping("/{key}")
    public ResponseEntity<InstitutionJson> get(@PathVariable String key) {
        return ResponseEntity.of(book.find(key).map(InstitutionJson::of));
    }

    @nl.zorgbrug.app.access.ConfigurationChange(value = "address book entry", key = "key")
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

    @nl.zorgbrug.app.access.ConfigurationChange(value = "address book entry", key = "key", action = nl.zorgbrug.audit.event.Action.DELETE)
    @DeleteMapping("/{key}")
    public ResponseEntity<Void> delete(@PathVariable String key) {
        return book.remove(key) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }

    @GetMapping(value = "/export.csv", produces = "text/csv")
    public String exportCsv() {
        return AddressBookCsv.export(book.all());
    }

    /**
     * How an import treats the book: REPLACE (the default) makes the book exactly the imported entries, so entries
     * not in the import are removed; MERGE adds the imported entries and changes those with the same key, and
     * keeps the others.
     */
    public enum ImportMode { REPLACE, MERGE }

    /** Imports the CSV's entries (see {@link ImportMode}); nothing changes when any line is bad. */
    @nl.zorgbrug.app.access.ConfigurationChange("address book (CSV import)")
    @PostMapping(value = "/import", consumes = "text/csv")
    public Map<String, Object> importCsv(@RequestBody String csv,
                                         @RequestParam(defaultValue = "REPLACE") ImportMode mode) throws IOException {
        return importAll(AddressBookCsv.parse(new StringReader(csv), "uploaded CSV"), mode);
    }

    /** Imports the JSON array's entries (the format of GET; see {@link ImportMode}). */
    @nl.zorgbrug.app.access.ConfigurationChange("address book (JSON import)")
    @PostMapping(value = "/import", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> importJson(@RequestBody List<InstitutionJson> body,
                                          @RequestParam(defaultValue = "REPLACE") ImportMode mode) {
        return importAll(body.stream().map(InstitutionJson::toInstitution).toList(), mode);
    }

    /** Imports, and says in words what happened to the book (issue 15: "replaces, or merges"). */
    private Map<String, Object> importAll(List<Institution> entries, ImportMode mode) {
        java.util.Set<String> before = new java.util.TreeSet<>(book.all().stream().map(Institution::key).toList());
        java.util.Set<String> imported = new java.util.TreeSet<>(entries.stream().map(Institution::key).toList());
        java.util.Set<String> removed = new java.util.TreeSet<>(before);
        removed.removeAll(imported);
        String result;
        if (mode == ImportMode.REPLACE) {
            book.replaceAll(entries);
            result = "the address book was replaced by the " + entries.size() + " imported entries"
                    + (removed.isEmpty() ? "" : "; removed, as not in the import: " + String.join(", ", removed));
        } else {
            entries.forEach(book::save);
            result = entries.size() + " entries merged into the address book; the " + removed.size()
                    + " entries not in the import were kept";
            removed.clear();
        }
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("mode", mode);
        answer.put("imported", entries.size());
        answer.put("removed", List.copyOf(removed));
        answer.put("result", result);
        return answer;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> invalid(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", e.getMessage()));
    }
}
