package nl.zorgbrug.app.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;

import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.audit.trail.NodeKey;
import nl.zorgbrug.audit.trail.TrailVerifier;
import nl.zorgbrug.audit.trail.Verification;
import nl.zorgbrug.gateway.events.EventHub;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;

/**
 * The trail in the running node: a login, a refused login and a logout of the console, and a person's cancel of a
 * job with the job's state changes, are in the trail with who, role, organisation and address; the trail verifies
 * against the key the node made in its data directory.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class)
@AutoConfigureMockMvc
class AuditNodeTest {
    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("zorgbrug.data-dir", () -> dataDir.toString());
        r.add("zorgbrug.gateway.port", () -> "0");
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:audit;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
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
    JobManager manager;

    @Autowired
    EventHub events;

    @Autowired
    AuditTrail trail;

    @Autowired
    NodeKey key;

    @Autowired
    DataSource dataSource;

    @Test
    void loginsAndAPersonsActionOnAJobAreInTheTrailWhichVerifies() throws Exception {
        org.springframework.mock.web.MockHttpSession session = (org.springframework.mock.web.MockHttpSession) mvc
                .perform(formLogin("/login").user("olga").password("operator-test")).andReturn().getRequest()
                .getSession();
        mvc.perform(formLogin("/login").user("olga").password("wrong"));
        mvc.perform(formLogin("/login").user("nobody-here").password("guess"));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/logout").session(session)
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf()));

        Job job = manager.accept("2.25.77", "UMCX", Direction.EXPORT, "ACC77",
                new JobInstance(0, "2.25.77.1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false));
        manager.cancel(job.id(), "olga");
        events.catchUp();

        JdbcAuditStore store = new JdbcAuditStore(dataSource);
        List<AuditEvent> trailEvents = store.read(0, 100).stream().map(AuditRecord::event).toList();
        assertThat(trailEvents).extracting(AuditEvent::type).containsSubsequence(EventType.LOGIN,
                EventType.LOGIN_FAILED, EventType.LOGOUT, EventType.JOB_STATE, EventType.JOB_STATE,
                EventType.JOB_ACTION);
        AuditEvent login = trailEvents.stream().filter(e -> e.type() == EventType.LOGIN).findFirst().orElseThrow();
        assertThat(login.actor().userId()).isEqualTo("olga");
        assertThat(login.actor().role()).isEqualTo(Role.OPERATOR);
        assertThat(login.actor().onBehalfOf().value()).isEqualTo("00001234");
        assertThat(login.accessPoint().host()).isEqualTo("127.0.0.1");
        AuditEvent failed = trailEvents.stream().filter(e -> e.type() == EventType.LOGIN_FAILED).findFirst()
                .orElseThrow();
        assertThat(failed.outcome()).isEqualTo(Outcome.MINOR_FAILURE);
        assertThat(failed.actor().role()).as("olga's own role").isEqualTo(Role.OPERATOR);
        // A name that is no user is recorded as such, not with a role it never had (issue 17).
        AuditEvent unknown = trailEvents.stream().filter(e -> e.type() == EventType.LOGIN_FAILED)
                .filter(e -> e.actor().userId().equals("nobody-here")).findFirst().orElseThrow();
        assertThat(unknown.actor().role()).isEqualTo(Role.UNKNOWN);
        assertThat(unknown.accessPoint().host()).isEqualTo("127.0.0.1");
        AuditEvent cancel = trailEvents.stream().filter(e -> e.type() == EventType.JOB_ACTION).findFirst()
                .orElseThrow();
        assertThat(cancel.actor().userId()).isEqualTo("olga");
        assertThat(cancel.objects()).contains(ObjectRef.job(job.id()));
        AuditEvent opened = trailEvents.stream().filter(e -> e.type() == EventType.JOB_STATE).findFirst().orElseThrow();
        assertThat(opened.actor().userId()).isEqualTo("zorgbrug-test");

        trail.checkpoint();
        assertThat(dataDir.resolve("audit").resolve(NodeKey.PUBLIC_FILE)).exists();
        Verification v = new TrailVerifier(store, NodeKey.readPublicKey(dataDir.resolve("audit")
                .resolve(NodeKey.PUBLIC_FILE))).verify();
        assertThat(v.intact()).as("%s", v.finding()).isTrue();
        assertThat(v.unsignedTail()).isZero();
    }

    @Autowired
    nl.zorgbrug.audit.consent.ConsentService consent;

    @Test
    void thePatientsOverviewIsForThePrivacyOfficerOnlyListsThePatientsEventsAndIsItselfLogged() throws Exception {
        nl.zorgbrug.bsn.Bsn bsn = nl.zorgbrug.audit.TestEvents.bsn(new java.util.Random(77));
        nl.zorgbrug.bsn.Bsn other = nl.zorgbrug.audit.TestEvents.bsn(new java.util.Random(78));
        nl.zorgbrug.audit.event.Actor desk = nl.zorgbrug.audit.event.Actor.person("petra", "Petra",
                Role.PRIVACY_OFFICER, nl.zorgbrug.audit.TestEvents.OWN);
        java.time.Instant now = java.time.Instant.now();
        consent.record(new nl.zorgbrug.audit.consent.ConsentRecord("overview-c1", bsn,
                nl.zorgbrug.audit.consent.Purpose.IMAGE_AVAILABILITY, true,
                new nl.zorgbrug.audit.consent.Scope.AllCaregivers(), java.util.Set.of(), now.minusSeconds(60), null,
                new nl.zorgbrug.audit.consent.ConsentRecord.Recording(
                        nl.zorgbrug.audit.consent.ConsentRecord.Method.WRITTEN, "petra", now.minusSeconds(60)), null),
                desk);
        consent.decide(bsn, nl.zorgbrug.audit.consent.Requester.organisation(nl.zorgbrug.audit.TestEvents.OTHER,
                "V4"), nl.zorgbrug.audit.consent.Purpose.IMAGE_AVAILABILITY,
                java.util.Set.of(nl.zorgbrug.audit.consent.DataCategory.IMAGES));
        consent.decide(other, nl.zorgbrug.audit.consent.Requester.organisation(nl.zorgbrug.audit.TestEvents.OTHER,
                "V4"), nl.zorgbrug.audit.consent.Purpose.IMAGE_AVAILABILITY,
                java.util.Set.of(nl.zorgbrug.audit.consent.DataCategory.IMAGES));
        String body = "{\"bsn\": \"" + bsn.value() + "\"}";

        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/privacy/overview")
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                .httpBasic("olga", "operator-test"))
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                .csrf())
                        .contentType("application/json").content(body))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isForbidden());
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/privacy/overview")
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                .httpBasic("petra", "privacy-test"))
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                .csrf())
                        .contentType("application/json").content("{\"bsn\": \"123\"}"))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isBadRequest());
        String json = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .post("/api/privacy/overview")
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                .httpBasic("petra", "privacy-test"))
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                .csrf())
                        .contentType("application/json").content(body))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isOk())
                .andReturn().getResponse().getContentAsString();
        com.fasterxml.jackson.databind.JsonNode overview = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json);
        assertThat(overview.get("bsn").asText()).isEqualTo(bsn.value());
        assertThat(overview.get("events")).extracting(e -> e.get("type").asText())
                .containsExactly("CONSENT_CHANGE", "CONSENT_DECISION");
        assertThat(overview.get("events").get(1).get("onBehalfOf").asText()).isEqualTo("00005678");
        assertThat(overview.get("events").get(1).get("legalBasis").asText()).isEqualTo("consent overview-c1");

        List<AuditEvent> reads = new JdbcAuditStore(dataSource).forPatient(bsn, 100).stream().map(AuditRecord::event)
                .filter(e -> e.type() == EventType.AUDIT_READ).toList();
        assertThat(reads).hasSize(1);
        assertThat(reads.get(0).actor().userId()).isEqualTo("petra");
        assertThat(reads.get(0).actor().role()).isEqualTo(Role.PRIVACY_OFFICER);
    }
}
