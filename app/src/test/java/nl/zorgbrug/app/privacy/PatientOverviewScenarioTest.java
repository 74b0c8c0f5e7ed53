package nl.zorgbrug.app.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.zorgbrug.app.audit.JdbcAuditStore;
import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.consent.DataCategory;
import nl.zorgbrug.audit.consent.Purpose;
import nl.zorgbrug.audit.consent.Requester;
import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.LegalBasis;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Peer;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.overview.OverviewBundle;
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.bsn.Bsn;

/**
 * Issue 17, "the patient overview lists exactly the events of the test scenario": for two patients a receive, a
 * send, a view and a consent decision; the overview of one lists exactly its own events, and nothing of the other,
 * in every form: JSON, the FHIR Bundle, the printable console page and the PDF (its text read back with PDFBox). Only
 * the privacy officer may open it, in any form; every opening is itself an AUDIT_READ event, so each later form
 * lists the openings before it too.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class)
@AutoConfigureMockMvc
class PatientOverviewScenarioTest {
    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("zorgbrug.data-dir", () -> dataDir.toString());
        r.add("zorgbrug.gateway.port", () -> "0");
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:overview;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH");
        r.add("zorgbrug.users[0].name", () -> "olga");
        r.add("zorgbrug.users[0].password", () -> "{noop}operator-test");
        r.add("zorgbrug.users[0].roles[0]", () -> "OPERATOR");
        r.add("zorgbrug.users[1].name", () -> "petra");
        r.add("zorgbrug.users[1].password", () -> "{noop}privacy-test");
        r.add("zorgbrug.users[1].roles[0]", () -> "PRIVACY_OFFICER");
        r.add("zorgbrug.audit.organisation-ura", () -> "00001234");
        r.add("zorgbrug.audit.node-name", () -> "zorgbrug-test");
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    AuditTrail trail;

    @Autowired
    ConsentService consent;

    @Autowired
    DataSource dataSource;

    /** The scenario for one patient; returns the ids of its events, oldest first. */
    private List<UUID> scenario(Bsn bsn, String study, long job) {
        Instant now = Instant.now();
        Actor node = Actor.system("zorgbrug-test", TestEvents.OWN);
        List<AuditEvent> events = List.of(
                AuditEvent.of(EventType.RECEIVE, Actor.person("CT_ROOM1", "CT_ROOM1", Role.REMOTE_SYSTEM,
                                TestEvents.OWN), now.minusSeconds(30))
                        .accessPoint(AccessPoint.dicom("10.0.0.7", "CT_ROOM1", null))
                        .patient(new PatientRef(bsn, "L" + job)).object(ObjectRef.study(study))
                        .object(ObjectRef.job(job)).source(new Peer("ct", "CT_ROOM1", "10.0.0.7"))
                        .legalBasis(new LegalBasis.Referral("verwijzing-" + job)).build(),
                AuditEvent.of(EventType.SEND, node, now.minusSeconds(20))
                        .patient(new PatientRef(bsn, "L" + job)).object(ObjectRef.study(study))
                        .object(ObjectRef.job(job)).destination(new Peer("umcx", "UMCX_PACS", "pacs.umcx.example"))
                        .legalBasis(new LegalBasis.Referral("verwijzing-" + job)).build(),
                AuditEvent.of(EventType.VIEW, Actor.person("dr-jansen", "Dr. Jansen", Role.CLINICIAN,
                                TestEvents.OTHER), now.minusSeconds(10))
                        .accessPoint(AccessPoint.host("10.1.2.3"))
                        .patient(new PatientRef(bsn, "L" + job)).object(ObjectRef.study(study)).build());
        trail.recordAll(events);
        consent.decide(bsn, Requester.organisation(TestEvents.OTHER, "V4"), Purpose.IMAGE_AVAILABILITY,
                Set.of(DataCategory.IMAGES));
        List<UUID> ids = new ArrayList<>(events.stream().map(AuditEvent::id).toList());
        AuditEvent decision = new JdbcAuditStore(dataSource).forPatient(bsn, 100).stream().map(AuditRecord::event)
                .filter(e -> e.type() == EventType.CONSENT_DECISION).reduce((a, b) -> b).orElseThrow();
        ids.add(decision.id());
        return ids;
    }

    private List<UUID> readsOf(Bsn bsn) {
        return new JdbcAuditStore(dataSource).forPatient(bsn, 100).stream().map(AuditRecord::event)
                .filter(e -> e.type() == EventType.AUDIT_READ).map(AuditEvent::id).toList();
    }

    @Test
    void theOverviewListsExactlyThePatientsEventsInEveryForm() throws Exception {
        Bsn anna = TestEvents.bsn(new Random(1701));
        Bsn bram = TestEvents.bsn(new Random(1702));
        List<UUID> annas = scenario(anna, "2.25.1001", 11);
        scenario(bram, "2.25.2002", 22);
        String body = "{\"bsn\": \"" + anna.value() + "\"}";

        // Anyone but the privacy officer is refused, in every form.
        mvc.perform(post("/api/privacy/overview/fhir").with(httpBasic("olga", "operator-test")).with(csrf())
                .contentType("application/json").content(body)).andExpect(status().isForbidden());
        mvc.perform(post("/api/privacy/overview/pdf").with(httpBasic("olga", "operator-test")).with(csrf())
                .param("bsn", anna.value())).andExpect(status().isForbidden());
        mvc.perform(get("/privacy/overview").with(httpBasic("olga", "operator-test")))
                .andExpect(status().isForbidden());
        mvc.perform(post("/privacy/overview").with(httpBasic("olga", "operator-test")).with(csrf())
                .param("bsn", anna.value())).andExpect(status().isForbidden());
        assertThat(readsOf(anna)).as("a refused opening reads nothing").isEmpty();

        // JSON: exactly the four events of the scenario.
        JsonNode json = new ObjectMapper().readTree(mvc.perform(post("/api/privacy/overview")
                        .with(httpBasic("petra", "privacy-test")).with(csrf()).contentType("application/json")
                        .content(body)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        List<String> jsonTypes = new ArrayList<>();
        json.get("events").forEach(e -> jsonTypes.add(e.get("type").asText()));
        assertThat(jsonTypes).containsExactly("RECEIVE", "SEND", "VIEW", "CONSENT_DECISION");
        assertThat(json.toString()).contains("2.25.1001").doesNotContain("2.25.2002").doesNotContain(bram.value());

        // FHIR: the same events by id, and the JSON opening before it.
        List<UUID> expected = new ArrayList<>(annas);
        expected.addAll(readsOf(anna));
        String fhir = mvc.perform(post("/api/privacy/overview/fhir").with(httpBasic("petra", "privacy-test"))
                        .with(csrf()).contentType("application/json").content(body)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        Bundle bundle = OverviewBundle.parse(fhir);
        assertThat(bundle.getEntry()).extracting(e -> e.getFullUrl())
                .containsExactlyElementsOf(expected.stream().map(id -> "urn:uuid:" + id).toList());
        assertThat(fhir).doesNotContain("2.25.2002").doesNotContain(bram.value());

        // The printable page: one row per event, the patient's and no other's.
        expected = new ArrayList<>(annas);
        expected.addAll(readsOf(anna));
        String page = mvc.perform(post("/privacy/overview").with(httpBasic("petra", "privacy-test")).with(csrf())
                        .param("bsn", anna.value())).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("Overzicht van het gebruik van uw gegevens").contains(anna.value())
                .contains("Gegevens ontvangen").contains("Gegevens verstuurd").contains("Gegevens ingezien")
                .contains("Toestemming nagegaan").contains("Dr. Jansen (zorgverlener)").contains("URA 00005678")
                .contains("onderzoek 2.25.1001").doesNotContain("2.25.2002").doesNotContain(bram.value());
        assertThat(page.split("<tr>", -1).length - 2).as("rows besides the header").isEqualTo(expected.size());

        // The PDF: the same rows, read back as text.
        byte[] pdf = mvc.perform(post("/api/privacy/overview/pdf").with(httpBasic("petra", "privacy-test"))
                        .with(csrf()).param("bsn", anna.value())).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsByteArray();
        String text;
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            text = new PDFTextStripper().getText(doc);
        }
        String flat = text.replaceAll("\\s+", "");
        assertThat(text).contains("Burgerservicenummer");
        assertThat(flat).contains("Overzichtvanhetgebruikvanuwgegevens").contains(anna.value())
                .contains("Gegevensontvangen").contains("Gegevensverstuurd").contains("Gegevensingezien")
                .contains("Toestemmingnagegaan").contains("2.25.1001")
                .doesNotContain("2.25.2002").doesNotContain(bram.value());
        assertThat(occurrences(flat, "Ditoverzichtofdeloggingingezien")).as("the openings before the PDF")
                .isEqualTo(3);

        // Every opening, in whichever form, was recorded, naming the form.
        List<String> forms = new JdbcAuditStore(dataSource).forPatient(anna, 100).stream().map(AuditRecord::event)
                .filter(e -> e.type() == EventType.AUDIT_READ).map(AuditEvent::detail).toList();
        assertThat(forms).hasSize(4);
        assertThat(forms.get(0)).contains("(JSON): 4 events");
        assertThat(forms.get(1)).contains("(FHIR): 5 events");
        assertThat(forms.get(2)).contains("(page): 6 events");
        assertThat(forms.get(3)).contains("(PDF): 7 events");
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
