package nl.zorgbrug.app.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import nl.zorgbrug.app.addressbook.JdbcSftpEndpoints;
import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.gateway.addressbook.Institution;

/**
 * The console's form for an institution's SFTP drop (issue 21; before, only the REST API set it): an administrator
 * sets, changes and removes it on the address book page, in Dutch and English; a wrong entry is refused naming the
 * field; an empty password on a change keeps the one set before; a removal needs its tick box; others cannot change it.
 */
@SpringBootTest(classes = ZorgbrugApplication.class)
@AutoConfigureMockMvc
class SftpDropPageTest {
    static final String FINGERPRINT = "SHA256:" + "A".repeat(43);

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("zorgbrug.data-dir", () -> dataDir.toString());
        r.add("zorgbrug.gateway.port", () -> "0");
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:sftpdroppage;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH");
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    AddressBook book;

    @Autowired
    JdbcSftpEndpoints drops;

    private static RequestPostProcessor admin() {
        return user("anne").roles("ADMIN");
    }

    /** The form as a person fills it in, with {@code changes} (name, value, name, value, ...) over the defaults. */
    private MockHttpServletRequestBuilder form(String key, String... changes) {
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>(java.util.Map.of("host", "sftp.umcx.test",
                "port", "2222", "user", "zorgbrug", "folder", "inbox", "hostKeyFingerprint", FINGERPRINT,
                "receiptTimeout", "PT1H", "preferred", "true"));
        for (int i = 0; i < changes.length; i += 2) {
            fields.put(changes[i], changes[i + 1]);
        }
        MockHttpServletRequestBuilder post = post("/institutions/sftp").param("key", key);
        fields.forEach(post::param);
        return post;
    }

    private String page(String lang) throws Exception {
        return mvc.perform(get("/institutions?lang=" + lang).with(admin())).andReturn().getResponse()
                .getContentAsString();
    }

    @Test
    void anAdministratorSetsChangesAndRemovesADropOnTheAddressBookPage() throws Exception {
        book.save(new Institution("umcx", "UMC X", "87654321", null, null, java.util.List.of(), null, null));

        // Neither key nor password: refused, naming the field, nothing kept.
        String refused = mvc.perform(form("umcx").with(admin()).with(csrf())).andReturn().getFlashMap().get("error")
                .toString();
        assertThat(refused).contains("sftpPrivateKey");
        assertThat(drops.find("umcx")).isEmpty();

        mvc.perform(form("umcx", "password", "geheim-1").with(admin()).with(csrf()));
        JdbcSftpEndpoints.Drop saved = drops.find("umcx").orElseThrow();
        assertThat(saved.endpoint().where()).isEqualTo("zorgbrug@sftp.umcx.test:2222/inbox");
        assertThat(saved.endpoint().password()).isEqualTo("geheim-1");
        assertThat(saved.endpoint().receiptTimeout()).hasHours(1);
        assertThat(saved.preferred()).isTrue();
        assertThat(page("en")).contains("zorgbrug@sftp.umcx.test:2222/inbox").contains("(preferred)")
                .contains("receipt within 60 min").doesNotContain("geheim-1");
        assertThat(page("nl")).contains("SFTP-afleverpunt").contains("(voorkeur)");

        // A change with the password left empty keeps the password.
        mvc.perform(form("umcx", "folder", "inbox2", "preferred", "false").with(admin()).with(csrf()));
        saved = drops.find("umcx").orElseThrow();
        assertThat(saved.endpoint().folder()).isEqualTo("inbox2");
        assertThat(saved.endpoint().password()).isEqualTo("geheim-1");

        // A drop for an entry that does not exist, or a wrong fingerprint: refused with the reason.
        assertThat(mvc.perform(form("nobody", "password", "x").with(admin()).with(csrf())).andReturn()
                .getFlashMap().get("error").toString()).contains("no address-book entry 'nobody'");
        assertThat(mvc.perform(form("umcx", "hostKeyFingerprint", "MD5:aa").with(admin()).with(csrf()))
                .andReturn().getFlashMap().get("error").toString()).contains("sftpHostKey");

        // Others may not change it.
        assertThat(mvc.perform(form("umcx", "password", "x").with(user("olga").roles("OPERATOR")).with(csrf()))
                .andReturn().getResponse().getStatus()).isEqualTo(403);

        // Removing needs the tick box.
        mvc.perform(post("/institutions/umcx/sftp/delete").with(admin()).with(csrf()));
        assertThat(drops.find("umcx")).isPresent();
        mvc.perform(post("/institutions/umcx/sftp/delete").param("confirm", "true").with(admin()).with(csrf()));
        assertThat(drops.find("umcx")).isEmpty();
        assertThat(page("en")).doesNotContain("sftp.umcx.test");
    }
}
