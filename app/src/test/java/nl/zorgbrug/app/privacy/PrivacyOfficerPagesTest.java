package nl.zorgbrug.app.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.Set;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import nl.zorgbrug.app.audit.JdbcAuditStore;
import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.audit.consent.ConsentRecord;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.consent.DataCategory;
import nl.zorgbrug.audit.consent.Purpose;
import nl.zorgbrug.audit.consent.Scope;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.bsn.Bsn;

/**
 * The privacy officer's start page (issue 17): "/" sends the role to it, it offers the role's work in Dutch and
 * English, the trail's search finds what happened and is itself recorded, and a patient's consents are shown with
 * the viewing recorded for that patient.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class)
@AutoConfigureMockMvc
class PrivacyOfficerPagesTest {
    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("zorgbrug.data-dir", () -> dataDir.toString());
        r.add("zorgbrug.gateway.port", () -> "0");
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:privacypages;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    DataSource dataSource;

    @Autowired
    ConsentService consent;

    private static org.springframework.test.web.servlet.request.RequestPostProcessor petra() {
        return user("petra").roles("PRIVACY_OFFICER");
    }

    private List<AuditEvent> trail() {
        return new JdbcAuditStore(dataSource).read(0, 10_000).stream().map(AuditRecord::event).toList();
    }

    @Test
    void theStartPageIsThePrivacyOfficersOwnInDutchAndEnglish() throws Exception {
        MockHttpServletResponse start = mvc.perform(get("/").with(petra())).andReturn().getResponse();
        assertThat(start.getStatus()).isEqualTo(302);
        assertThat(start.getRedirectedUrl()).isEqualTo("/privacy");
        assertThat(trail()).as("a redirect shows no job list, so no QUERY of one").noneMatch(e ->
                e.type() == EventType.QUERY && e.actor().userId().equals("petra"));

        String nl = mvc.perform(get("/privacy?lang=nl").with(petra())).andReturn().getResponse()
                .getContentAsString();
        assertThat(nl).contains("Privacyfunctionaris").contains("Auditlog doorzoeken")
                .contains("Toestemmingen van een patiënt").contains("action=\"/privacy/overview\"")
                .contains("id=\"nav-privacy\"").doesNotContain("href=\"/quarantine\"");
        String en = mvc.perform(get("/privacy?lang=en").with(petra())).andReturn().getResponse()
                .getContentAsString();
        assertThat(en).contains("Privacy officer").contains("Search the audit trail").contains("Show consents");

        // Others keep their job list at "/".
        assertThat(mvc.perform(get("/").with(user("olga").roles("OPERATOR"))).andReturn().getResponse().getStatus())
                .isEqualTo(200);
        assertThat(mvc.perform(get("/privacy").with(user("olga").roles("OPERATOR"))).andReturn().getResponse()
                .getStatus()).isEqualTo(403);
    }

    @Test
    void theTrailSearchFindsWhoDidWhatAndIsItselfInTheTrail() throws Exception {
        mvc.perform(get("/jobs/table").with(user("clara").roles("CLINICIAN"))).andReturn();
        String today = LocalDate.now(java.time.ZoneId.of("Europe/Amsterdam")).toString();
        String page = mvc.perform(get("/privacy/trail").param("from", today).param("to", today).param("user", "clara")
                .param("lang", "en").with(petra())).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("records found").contains("QUERY").contains("clara").contains("CLINICIAN");
        assertThat(page.split("class=\"trail-event\"", -1).length - 1).isEqualTo(1);

        AuditEvent read = trail().stream().filter(e -> e.type() == EventType.AUDIT_READ).reduce((a, b) -> b)
                .orElseThrow();
        assertThat(read.actor().userId()).isEqualTo("petra");
        assertThat(read.actor().role()).isEqualTo(Role.PRIVACY_OFFICER);
        assertThat(read.detail()).contains("user clara").endsWith("1 records shown");
        assertThat(read.accessPoint().host()).isEqualTo("127.0.0.1");

        assertThat(mvc.perform(get("/privacy/trail").param("from", today).param("to", "2000-01-01").param("lang", "en")
                .with(petra())).andReturn().getResponse().getContentAsString()).contains("id=\"bad-period\"");
    }

    @Test
    void aPatientsConsentsAreShownAndTheViewingIsRecordedForThatPatient() throws Exception {
        Bsn bsn = TestEvents.bsn(new Random(3117));
        Instant now = Instant.now();
        consent.record(new ConsentRecord("pages-c1", bsn, Purpose.IMAGE_AVAILABILITY, true, new Scope.AllCaregivers(),
                Set.of(DataCategory.IMAGES), now.minusSeconds(60), null, new ConsentRecord.Recording(
                ConsentRecord.Method.WRITTEN, "balie", now.minusSeconds(60)), null),
                Actor.person("petra", "Petra", Role.PRIVACY_OFFICER, TestEvents.OWN));

        String page = mvc.perform(post("/privacy/consents").param("bsn", bsn.value()).param("lang", "nl")
                .with(petra()).with(csrf())).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("id=\"consent-pages-c1\"").contains("IMAGE_AVAILABILITY").contains("toestemming")
                .contains("balie").contains("id=\"no-shieldings\"");
        AuditEvent viewed = trail().stream().filter(e -> e.type() == EventType.VIEW).reduce((a, b) -> b).orElseThrow();
        assertThat(viewed.actor().userId()).isEqualTo("petra");
        assertThat(viewed.patient().bsn()).isEqualTo(bsn);

        assertThat(mvc.perform(post("/privacy/consents").param("bsn", "123").param("lang", "en").with(petra())
                .with(csrf())).andReturn().getResponse().getContentAsString()).contains("id=\"invalid\"");
    }

    /**
     * The privacy officer records a consent and withdraws it in the console (issue 17, Wabvpz art. 15a), each after a
     * confirmation step in Dutch or English: the register has it, and each change is a CONSENT_CHANGE in the trail by
     * the privacy officer for that patient; the confirmation step changes nothing; a form that is wrong says so and
     * records nothing.
     */
    @Test
    void aConsentIsRecordedAndWithdrawnAfterConfirmationEachAConsentChangeInTheTrail(
            @Autowired nl.zorgbrug.audit.consent.ConsentStore store) throws Exception {
        Bsn bsn = TestEvents.bsn(new Random(3118));
        String form = mvc.perform(post("/privacy/consents").param("bsn", bsn.value()).param("lang", "en")
                .with(petra()).with(csrf())).andReturn().getResponse().getContentAsString();
        assertThat(form).contains("id=\"record-consent\"").contains("images findable for other caregivers");

        long before = trail().size();
        String check = mvc.perform(post("/privacy/consents/record/confirm").param("bsn", bsn.value())
                .param("purpose", "IMAGE_AVAILABILITY").param("permits", "true").param("scope", "INSTITUTION")
                .param("scopeValue", "00005678").param("categories", "IMAGES").param("method", "WRITTEN")
                .param("lang", "nl").with(petra()).with(csrf())).andReturn().getResponse().getContentAsString();
        assertThat(check).contains("Controleren en bevestigen").contains("beelden vindbaar voor andere zorgverleners")
                .contains("schriftelijk").contains("id=\"confirm-record\"").contains("00005678");
        assertThat(store.consents(bsn)).as("the check changes nothing").isEmpty();
        assertThat(trail().subList((int) before, trail().size())).extracting(AuditEvent::type)
                .containsExactly(EventType.VIEW);

        String done = mvc.perform(post("/privacy/consents/record").param("bsn", bsn.value())
                .param("purpose", "IMAGE_AVAILABILITY").param("permits", "true").param("scope", "INSTITUTION")
                .param("scopeValue", "00005678").param("categories", "IMAGES").param("method", "WRITTEN")
                .param("lang", "en").with(petra()).with(csrf())).andReturn().getResponse().getContentAsString();
        assertThat(done).contains("id=\"consent-done\"").contains("The consent is recorded");
        ConsentRecord recorded = store.consents(bsn).get(0);
        assertThat(recorded.permits()).isTrue();
        assertThat(recorded.scope()).isEqualTo(new Scope.OneInstitution(new nl.zorgbrug.audit.event.Ura("00005678")));
        assertThat(recorded.categories()).containsExactly(DataCategory.IMAGES);
        assertThat(recorded.recording().recordedBy()).isEqualTo("petra");
        AuditEvent change = trail().stream().filter(e -> e.type() == EventType.CONSENT_CHANGE).reduce((a, b) -> b)
                .orElseThrow();
        assertThat(change.actor().userId()).isEqualTo("petra");
        assertThat(change.actor().role()).isEqualTo(Role.PRIVACY_OFFICER);
        assertThat(change.patient().bsn()).isEqualTo(bsn);
        assertThat(change.detail()).contains("consent IMAGE_AVAILABILITY recorded (WRITTEN)");

        String withdraw = mvc.perform(post("/privacy/consents/withdraw/confirm").param("bsn", bsn.value())
                .param("consentId", recorded.id()).param("lang", "en").with(petra()).with(csrf())).andReturn()
                .getResponse().getContentAsString();
        assertThat(withdraw).contains("Withdraw a consent").contains("id=\"confirm-withdraw\"");
        assertThat(store.consents(bsn).get(0).withdrawal()).isNull();
        assertThat(mvc.perform(post("/privacy/consents/withdraw").param("bsn", bsn.value())
                .param("consentId", recorded.id()).param("lang", "nl").with(petra()).with(csrf())).andReturn()
                .getResponse().getContentAsString()).contains("De toestemming is vanaf nu ingetrokken");
        assertThat(store.consents(bsn).get(0).withdrawal().by()).isEqualTo("petra");
        assertThat(trail().stream().filter(e -> e.type() == EventType.CONSENT_CHANGE).reduce((a, b) -> b)
                .orElseThrow().detail()).contains("withdrawn");

        // Wrong: another patient's consent, or a scope without its URA: said, and nothing recorded.
        Bsn other = TestEvents.bsn(new Random(3119));
        long changes = trail().stream().filter(e -> e.type() == EventType.CONSENT_CHANGE).count();
        assertThat(mvc.perform(post("/privacy/consents/withdraw").param("bsn", other.value())
                .param("consentId", recorded.id()).param("lang", "en").with(petra()).with(csrf())).andReturn()
                .getResponse().getContentAsString()).contains("id=\"consent-error\"");
        assertThat(mvc.perform(post("/privacy/consents/record").param("bsn", bsn.value())
                .param("purpose", "BGZ_ON_REQUEST").param("scope", "INSTITUTION").param("method", "VERBAL")
                .param("lang", "en").with(petra()).with(csrf())).andReturn().getResponse().getContentAsString())
                .contains("id=\"consent-error\"").contains("URA is required");
        assertThat(trail().stream().filter(e -> e.type() == EventType.CONSENT_CHANGE).count()).isEqualTo(changes);
        assertThat(mvc.perform(post("/privacy/consents/record").param("bsn", bsn.value())
                .param("purpose", "BGZ_ON_REQUEST").param("method", "VERBAL").with(user("olga").roles("ADMIN"))
                .with(csrf())).andReturn().getResponse().getStatus()).as("only the privacy officer").isEqualTo(403);
    }

    /**
     * The privacy officer shields a patient's data categories and lifts the shielding in the console (issue 17:
     * shielding per zib, e.g. drug use and alcohol use), the patient found by the local patient number through the
     * MPI: the page names the categories in Dutch or English, each view is recorded naming the patient by BSN and
     * local number, the confirmation step changes nothing, the register has the shielding (and the consent service
     * then leaves those categories out), and each change is a CONSENT_CHANGE by the privacy officer for that patient,
     * as the consent service writes for every caller. A wrong form says so and records nothing.
     */
    @Test
    void aShieldingIsAddedAndLiftedAfterConfirmationEachAConsentChangeInTheTrail(
            @Autowired nl.zorgbrug.audit.consent.ConsentStore store, @Autowired nl.zorgbrug.bsn.mpi.MpiStore mpi,
            @Autowired nl.zorgbrug.bsn.swap.SwapPolicy policy) throws Exception {
        Bsn bsn = TestEvents.bsn(new Random(3120));
        mpi.save(new nl.zorgbrug.bsn.mpi.MpiPatient("SHIELD-1", policy.localIssuer(), bsn,
                nl.zorgbrug.bsn.mpi.BsnStatus.VALIDATED, "Afscherm", "Alex", "19750101", "O", null, null));
        nl.zorgbrug.audit.event.PatientRef patient = new nl.zorgbrug.audit.event.PatientRef(bsn, "SHIELD-1");

        String page = mvc.perform(post("/privacy/shieldings").param("localId", "SHIELD-1").param("lang", "nl")
                .with(petra()).with(csrf())).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Afgeschermde gegevens van BSN " + bsn.value() + " (eigen nummer SHIELD-1)")
                .contains("id=\"no-shieldings\"").contains("id=\"add-shielding\"").contains("drugsgebruik")
                .contains("alcoholgebruik").contains("value=\"DRUG_USE\"");
        AuditEvent viewed = trail().stream().filter(e -> e.type() == EventType.VIEW).reduce((a, b) -> b).orElseThrow();
        assertThat(viewed.actor().userId()).isEqualTo("petra");
        assertThat(viewed.patients()).contains(patient);
        assertThat(viewed.detail()).startsWith("POST /privacy/shieldings");

        long before = trail().size();
        String check = mvc.perform(post("/privacy/shieldings/add/confirm").param("localId", "SHIELD-1")
                .param("categories", "DRUG_USE", "ALCOHOL_USE").param("method", "WRITTEN").param("lang", "en")
                .with(petra()).with(csrf())).andReturn().getResponse().getContentAsString();
        assertThat(check).contains("Shield data").contains("drug use").contains("alcohol use").contains("in writing")
                .contains("id=\"confirm-shield\"").contains("SHIELD-1");
        assertThat(store.shieldings(bsn)).as("the check changes nothing").isEmpty();
        List<AuditEvent> added = trail().subList((int) before, trail().size());
        assertThat(added).extracting(AuditEvent::type).containsExactly(EventType.VIEW);
        assertThat(added.get(0).patients()).contains(patient);

        String done = mvc.perform(post("/privacy/shieldings/add").param("localId", "SHIELD-1")
                .param("categories", "DRUG_USE", "ALCOHOL_USE").param("method", "WRITTEN").param("lang", "en")
                .with(petra()).with(csrf())).andReturn().getResponse().getContentAsString();
        assertThat(done).contains("id=\"shielding-done\"").contains("The data is shielded from now on");
        nl.zorgbrug.audit.consent.Shielding shielded = store.shieldings(bsn).get(0);
        assertThat(shielded.categories()).containsExactlyInAnyOrder(DataCategory.DRUG_USE, DataCategory.ALCOHOL_USE);
        assertThat(shielded.recording().recordedBy()).isEqualTo("petra");
        assertThat(shielded.recording().method()).isEqualTo(ConsentRecord.Method.WRITTEN);
        AuditEvent change = trail().stream().filter(e -> e.type() == EventType.CONSENT_CHANGE).reduce((a, b) -> b)
                .orElseThrow();
        assertThat(change.actor().userId()).isEqualTo("petra");
        assertThat(change.actor().role()).isEqualTo(Role.PRIVACY_OFFICER);
        assertThat(change.patient().bsn()).isEqualTo(bsn);
        assertThat(change.detail()).contains("shielding of").endsWith("recorded");
        // What the shielding is for: the consent service leaves the categories out, whatever a consent says.
        nl.zorgbrug.audit.consent.ConsentDecision decision = consent.decide(bsn, new nl.zorgbrug.audit.consent
                .Requester(new nl.zorgbrug.audit.event.Ura("00005678"), "V4", null, null), Purpose.BGZ_ON_REQUEST,
                Set.of(DataCategory.DRUG_USE, DataCategory.ALLERGY_INTOLERANCE));
        assertThat(decision.categories().get(DataCategory.DRUG_USE).ground())
                .isEqualTo(nl.zorgbrug.audit.consent.CategoryDecision.Ground.SHIELDED);
        assertThat(decision.categories().get(DataCategory.ALLERGY_INTOLERANCE).ground())
                .isNotEqualTo(nl.zorgbrug.audit.consent.CategoryDecision.Ground.SHIELDED);

        // By BSN the same patient, the shielding listed with its lift button.
        String listed = mvc.perform(post("/privacy/shieldings").param("bsn", bsn.value()).param("lang", "en")
                .with(petra()).with(csrf())).andReturn().getResponse().getContentAsString();
        assertThat(listed).contains("id=\"shielding-" + shielded.id() + "\"").contains("(local number SHIELD-1)")
                .contains("action=\"/privacy/shieldings/lift/confirm\"");
        String lift = mvc.perform(post("/privacy/shieldings/lift/confirm").param("bsn", bsn.value())
                .param("shieldingId", shielded.id()).param("lang", "en").with(petra()).with(csrf())).andReturn()
                .getResponse().getContentAsString();
        assertThat(lift).contains("Lift a shielding").contains("id=\"confirm-lift\"").contains("drug use");
        assertThat(store.shieldings(bsn).get(0).withdrawal()).isNull();
        assertThat(mvc.perform(post("/privacy/shieldings/lift").param("bsn", bsn.value())
                .param("shieldingId", shielded.id()).param("lang", "nl").with(petra()).with(csrf())).andReturn()
                .getResponse().getContentAsString()).contains("De afscherming is vanaf nu opgeheven");
        assertThat(store.shieldings(bsn).get(0).withdrawal().by()).isEqualTo("petra");
        AuditEvent lifted = trail().stream().filter(e -> e.type() == EventType.CONSENT_CHANGE).reduce((a, b) -> b)
                .orElseThrow();
        assertThat(lifted.detail()).endsWith("lifted");
        assertThat(lifted.patient().bsn()).isEqualTo(bsn);

        // Wrong: no category, lifted twice, another patient's shielding, an unknown local number, a patient the MPI
        // knows without a BSN: said, and nothing recorded.
        long changes = trail().stream().filter(e -> e.type() == EventType.CONSENT_CHANGE).count();
        assertThat(mvc.perform(post("/privacy/shieldings/add").param("bsn", bsn.value()).param("method", "VERBAL")
                .param("lang", "en").with(petra()).with(csrf())).andReturn().getResponse().getContentAsString())
                .contains("id=\"shielding-error\"").contains("at least one data category");
        assertThat(mvc.perform(post("/privacy/shieldings/lift").param("bsn", bsn.value())
                .param("shieldingId", shielded.id()).param("lang", "en").with(petra()).with(csrf())).andReturn()
                .getResponse().getContentAsString()).contains("id=\"shielding-error\"").contains("lifted already");
        Bsn other = TestEvents.bsn(new Random(3121));
        assertThat(mvc.perform(post("/privacy/shieldings/lift").param("bsn", other.value())
                .param("shieldingId", shielded.id()).param("lang", "en").with(petra()).with(csrf())).andReturn()
                .getResponse().getContentAsString()).contains("id=\"shielding-error\"");
        assertThat(mvc.perform(post("/privacy/shieldings/add").param("localId", "SHIELD-NONE")
                .param("categories", "DRUG_USE").param("method", "VERBAL").param("lang", "en").with(petra())
                .with(csrf())).andReturn().getResponse().getContentAsString()).contains("id=\"not-found\"")
                .contains("no patient with this local number");
        mpi.save(new nl.zorgbrug.bsn.mpi.MpiPatient("SHIELD-2", policy.localIssuer(), null,
                nl.zorgbrug.bsn.mpi.BsnStatus.NONE, "Zonder", "Zoe", "19750101", "O", null, null));
        assertThat(mvc.perform(post("/privacy/shieldings/add").param("localId", "SHIELD-2")
                .param("categories", "DRUG_USE").param("method", "VERBAL").param("lang", "en").with(petra())
                .with(csrf())).andReturn().getResponse().getContentAsString()).contains("id=\"not-found\"")
                .contains("no BSN for this patient");
        assertThat(trail().stream().filter(e -> e.type() == EventType.CONSENT_CHANGE).count()).isEqualTo(changes);
        assertThat(store.shieldings(bsn)).hasSize(1);
        assertThat(mvc.perform(post("/privacy/shieldings/add").param("bsn", bsn.value()).param("categories", "DRUG_USE")
                .param("method", "VERBAL").with(user("olga").roles("ADMIN")).with(csrf())).andReturn().getResponse()
                .getStatus()).as("only the privacy officer").isEqualTo(403);
        assertThat(mvc.perform(post("/privacy/shieldings").param("bsn", bsn.value())
                .with(user("clara").roles("CLINICIAN")).with(csrf())).andReturn().getResponse().getStatus())
                .isEqualTo(403);
    }
}
