package nl.zorgbrug.app.bgz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import nl.zorgbrug.app.audit.JdbcAuditStore;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.bgz.receive.BgzSource;
import nl.zorgbrug.bgz.receive.Occasion;
import nl.zorgbrug.bgz.receive.ReceivedBgz;
import nl.zorgbrug.bgz.receive.ReceivedBgzStore;
import nl.zorgbrug.bgz.receive.ReceivedQuery;
import nl.zorgbrug.bgz.stu3.BgzStu3Server;
import nl.zorgbrug.bsn.Bsn;
import org.hl7.fhir.dstu3.model.Bundle;
import org.hl7.fhir.dstu3.model.CodeableConcept;
import org.hl7.fhir.dstu3.model.Condition;
import org.hl7.fhir.dstu3.model.DateTimeType;

/**
 * The console's received BgZs (issue 19): the list with the department's notice of unopened ones, one BgZ per zib
 * section as text with its source, in Dutch and English, the BSN masked for a clinician; opening it is a VIEW of the
 * patient in the trail and ends the notice; the auditor does not read it.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class)
@AutoConfigureMockMvc
class ReceivedBgzPageTest {
    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("zorgbrug.data-dir", () -> dataDir.toString());
        r.add("zorgbrug.gateway.port", () -> "0");
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:bgzpage;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH");
        // An institution whose endpoint does not answer (port 1 on loopback: nothing listens).
        r.add("zorgbrug.bgz.peers[0].institution", () -> "dicht");
        r.add("zorgbrug.bgz.peers[0].stu3-base", () -> "http://127.0.0.1:1/fhir/stu3");
        r.add("zorgbrug.bgz.peers[0].token", () -> "their-token");
        r.add("zorgbrug.bgz.peers[0].notify-token", () -> "their-notify-token");
        // The departments it takes referrals for: cardiology and internal medicine (AGB specialism codes).
        r.add("zorgbrug.bgz.peers[0].specialisms[0]", () -> "0320");
        r.add("zorgbrug.bgz.peers[0].specialisms[1]", () -> "0313");
        r.add("zorgbrug.bgz.request-timeout", () -> "2s");
        // An institution reached by its consent flow, whose token endpoint refuses every patient (no consent there).
        r.add("zorgbrug.bgz.peers[1].institution", () -> "weigert");
        r.add("zorgbrug.bgz.peers[1].stu3-base", () -> REFUSING.url() + "/fhir/stu3");
        r.add("zorgbrug.bgz.peers[1].credential", () -> "our-credential-there");
        r.add("zorgbrug.audit.organisation-ura", () -> "00001234");
    }

    /** A token endpoint that answers every request as RFC 6749 §5.2 does without consent, and counts what it got. */
    static final Refusing REFUSING = new Refusing();

    static final class Refusing {
        final List<String> paths = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final com.sun.net.httpserver.HttpServer server;

        Refusing() {
            try {
                server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/", exchange -> {
                paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
                byte[] body = ("{\"error\":\"invalid_scope\",\"error_description\":\"no BgZ of this patient is "
                        + "made available to your organisation here\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(400, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }
    }

    @Autowired
    nl.zorgbrug.bsn.mpi.MpiStore mpi;

    /**
     * The consent flow refused (no consent at the institution): the console says so in the person's language, as a
     * refusal of the whole request; no query went out, nothing is stored as received, and the trail has the failure.
     */
    @Test
    void aRequestRefusedForWantOfConsentThereIsShownAsARefusalInBothLanguages() throws Exception {
        addressBook.save(new nl.zorgbrug.gateway.addressbook.Institution("weigert", "Ziekenhuis Weigert", "90000888",
                null, null, null, null, 0, false, null, null, null));
        mpi.save(new nl.zorgbrug.bsn.mpi.MpiPatient("P-4", "2.16.528.1.1007.99.1", Bsn.parse("999901497"),
                nl.zorgbrug.bsn.mpi.BsnStatus.VERIFIED, "de Boer", "A", "19650303", "F"));
        long before = trail.count();
        REFUSING.paths.clear();
        var dutch = mvc.perform(post("/bgz/request").param("lang", "nl").param("bsn", "999901497")
                .param("institution", "weigert").with(csrf()).with(user("dr").roles("CLINICIAN"))).andReturn();
        assertThat(dutch.getResponse().getRedirectedUrl()).isEqualTo("/bgz/received");
        assertThat((String) dutch.getFlashMap().get("error")).contains("Ziekenhuis Weigert gaf geen toegang tot de "
                + "BgZ van deze patiënt").contains("geen toestemming gegeven").contains("Er is niets opgevraagd");
        var english = mvc.perform(post("/bgz/request").param("lang", "en").param("bsn", "999901497")
                .param("institution", "weigert").with(csrf()).with(user("dr").roles("CLINICIAN"))).andReturn();
        assertThat((String) english.getFlashMap().get("error")).contains("Ziekenhuis Weigert did not give access to "
                + "this patient's BgZ").contains("has not consented").contains("Nothing was requested");
        String shown = mvc.perform(get("/bgz/received").param("lang", "en").flashAttrs(english.getFlashMap())
                .with(user("dr").roles("CLINICIAN"))).andReturn().getResponse().getContentAsString();
        assertThat(shown).contains("id=\"error\"").contains("did not give access");
        assertThat(REFUSING.paths).as("only the token endpoint was asked, twice; no query")
                .containsExactly("POST /fhir/stu3/token", "POST /fhir/stu3/token");
        assertThat(store.forPatient(Bsn.parse("999901497"))).as("no (empty) received BgZ").isEmpty();
        assertThat(new JdbcAuditStore(dataSource).read(before, 100)).filteredOn(rec -> rec.body()
                .contains("refused: no token by its consent flow, NO_CONSENT")).hasSize(2);
    }

    @Autowired
    nl.zorgbrug.gateway.addressbook.AddressBook addressBook;

    /**
     * The actions: a request and a referral by BSN from the MPI to an institution of the address book with a BgZ
     * endpoint. A BSN that is only verified is not shared (Dutch reason); an unchecked one is not used to request; a
     * request to an institution that does not answer is stored with each query's failure and opened.
     */
    @Test
    void aClinicianRequestsAndRefersAndIsToldWhyNot() throws Exception {
        addressBook.save(new nl.zorgbrug.gateway.addressbook.Institution("dicht", "Ziekenhuis Dicht", "90000777", null,
                null, null, null, 0, false, null, null, null));
        mpi.save(new nl.zorgbrug.bsn.mpi.MpiPatient("P-1", "2.16.528.1.1007.99.1", Bsn.parse("999911259"),
                nl.zorgbrug.bsn.mpi.BsnStatus.VERIFIED, "Jansen", "J", "19700101", "F"));
        mpi.save(new nl.zorgbrug.bsn.mpi.MpiPatient("P-2", "2.16.528.1.1007.99.1", Bsn.parse("999901370"),
                nl.zorgbrug.bsn.mpi.BsnStatus.UNCHECKED, "Pietersen", "P", "19700101", "M"));
        assertThat(page("/bgz/received", "nl", "CLINICIAN")).contains("BgZ van een patiënt opvragen")
                .contains("Ziekenhuis Dicht").contains("BgZ meesturen met een verwijzing");

        // The referral: first the confirmation page, where one of the institution's specialisms is picked.
        long beforeConfirm = trail.count();
        String confirm = mvc.perform(post("/bgz/referral").param("lang", "nl").param("bsn", "999911259")
                .param("institution", "dicht").param("referral", "verwijzing-1").with(csrf())
                .with(user("dr").roles("CLINICIAN"))).andReturn().getResponse().getContentAsString();
        assertThat(confirm).contains("Jansen").contains("Ziekenhuis Dicht (URA 90000777)").contains("verwijzing-1")
                .contains("Specialisme").contains("Cardiologie (0320)").contains("Inwendige geneeskunde (0313)")
                .doesNotContain("Neurologie").contains("/bgz/referral/confirm");
        assertThat(new JdbcAuditStore(dataSource).read(beforeConfirm, 100)).anySatisfy(rec -> assertThat(rec.body())
                .contains("BgZ referral to Ziekenhuis Dicht to be confirmed in the console"));
        assertThat(mvc.perform(post("/bgz/referral").param("lang", "en").param("bsn", "999911259")
                .param("institution", "dicht").param("referral", "verwijzing-1").with(csrf())
                .with(user("dr").roles("CLINICIAN"))).andReturn().getResponse().getContentAsString())
                .contains("Specialism").contains("Cardiology (0320)").contains("Internal medicine (0313)");
        var noInstitution = mvc.perform(post("/bgz/referral").param("bsn", "999911259").param("institution", "nergens")
                .param("referral", "verwijzing-1").with(csrf()).with(user("dr").roles("CLINICIAN"))).andReturn();
        assertThat((String) noInstitution.getFlashMap().get("error")).contains("'nergens' is not in the address book");

        var noSpecialism = confirm("999911259", null);
        assertThat((String) noSpecialism.getFlashMap().get("error")).contains("pick the specialism")
                .contains("0320 Cardiologie, 0313 Inwendige geneeskunde");
        var another = confirm("999911259", "0330");
        assertThat((String) another.getFlashMap().get("error"))
                .contains("specialism '0330' is not one Ziekenhuis Dicht takes referrals for");
        var referral = confirm("999911259", "0320");
        assertThat((String) referral.getFlashMap().get("error")).contains("niet gevalideerd");

        var unchecked = mvc.perform(post("/bgz/request").param("lang", "en").param("bsn", "999901370")
                .param("institution", "dicht").with(csrf()).with(user("dr").roles("CLINICIAN"))).andReturn();
        assertThat((String) unchecked.getFlashMap().get("error")).contains("has not been verified");

        var request = mvc.perform(post("/bgz/request").param("bsn", "999911259").param("institution", "dicht")
                .with(csrf()).with(user("dr").roles("CLINICIAN"))).andReturn();
        String location = request.getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/bgz/received/");
        assertThat(page(location, "en", "CLINICIAN")).contains("BgZ from Ziekenhuis Dicht").contains("requested")
                .contains("Failed queries").contains("no answer");

        int auditor = mvc.perform(post("/bgz/request").param("bsn", "999911259").param("institution", "dicht")
                .with(csrf()).with(user("a").roles("AUDITOR"))).andReturn().getResponse().getStatus();
        assertThat(auditor).isEqualTo(403);
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    ReceivedBgzStore store;

    @Autowired
    AuditTrail trail;

    @Autowired
    javax.sql.DataSource dataSource;

    @Test
    void aReceivedBgzIsListedShownPerZibAndItsOpeningIsAudited() throws Exception {
        Bsn bsn = Bsn.parse("999909587");
        Condition problem = new Condition();
        problem.setId("c-1");
        problem.getMeta().addProfile("http://nictiz.nl/fhir/StructureDefinition/zib-Problem");
        problem.setCode(new CodeableConcept().setText("Diabetes mellitus type 2"));
        problem.setClinicalStatus(Condition.ConditionClinicalStatus.ACTIVE);
        problem.setOnset(new DateTimeType("2019-03-04"));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(1);
        bundle.addEntry().setResource(problem);
        String json = BgzStu3Server.context().newJsonParser().encodeResourceToString(bundle);
        ReceivedBgz received = new ReceivedBgz(UUID.randomUUID(), new BgzSource("zha", "Ziekenhuis Aa", "90000001",
                "https://a.example/fhir/stu3"), Occasion.REFERRAL, "verwijzing-9", Instant.now(), bsn, "node",
                List.of(new ReceivedQuery("Condition?patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn|{BSN}",
                                200, 1, null, json),
                        new ReceivedQuery("Flag?patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn|{BSN}", 0, 0,
                                "no answer within 30 s", null)), 1, nl.zorgbrug.bgz.specialism.Specialism.CARDIOLOGY);
        store.save(received);

        String listNl = page("/bgz/received", "nl", "CLINICIAN");
        assertThat(listNl).contains("Ontvangen BgZ").contains("1 nieuw").contains("Ziekenhuis Aa")
                .contains("bij verwijzing verwijzing-9, Cardiologie").contains(bsn.masked()).doesNotContain(bsn.value());
        assertThat(page("/bgz/received", "en", "OPERATOR")).contains("Received BgZ").contains("1 new")
                .contains("with referral verwijzing-9, Cardiology");

        long before = trail.count();
        String one = page("/bgz/received/" + received.id(), "en", "CLINICIAN");
        assertThat(one).contains("BgZ from Ziekenhuis Aa").contains("Problems (1)").contains("Diabetes mellitus type 2")
                .contains("2019-03-04").contains("active").contains("Ziekenhuis Aa, Condition/c-1")
                .contains("no answer within 30 s").contains("External data").contains("Cardiology (0320)");
        assertThat(page("/bgz/received/" + received.id(), "nl", "CLINICIAN")).contains("Problemen (1)")
                .contains("Mislukte vragen");
        assertThat(new JdbcAuditStore(dataSource).read(before, 100)).anySatisfy(rec -> assertThat(rec.body())
                .contains("received BgZ from Ziekenhuis Aa opened in the console"));
        assertThat(store.unseen()).isZero();
        assertThat(page("/bgz/received", "nl", "CLINICIAN")).doesNotContain("nieuw)");

        int auditor = mvc.perform(get("/bgz/received/" + received.id()).with(user("a").roles("AUDITOR")))
                .andReturn().getResponse().getStatus();
        assertThat(auditor).isEqualTo(403);
        int unknown = mvc.perform(get("/bgz/received/" + UUID.randomUUID()).with(user("c").roles("CLINICIAN")))
                .andReturn().getResponse().getStatus();
        assertThat(unknown).isEqualTo(404);
    }

    @Autowired
    nl.zorgbrug.bgz.store.ResourceStore ownRecord;

    /**
     * Take-over in the console (Verwerkend): a clinician picks a section, sees what will be taken over, confirms; the
     * problem is in the own record (the store the BgZ is served from) marked external with its source, the action an
     * IMPORT event naming the patient; the page then shows it as already in the own record, and a second take-over
     * adds nothing. Only a clinician takes over; Dutch and English.
     */
    @Test
    void aClinicianTakesASectionOverAfterConfirmingAndTheSecondTimeNothingIsAdded() throws Exception {
        Bsn bsn = Bsn.parse("999901370");
        org.hl7.fhir.dstu3.model.Patient patient = new org.hl7.fhir.dstu3.model.Patient();
        patient.setId("pat-9");
        patient.getMeta().addProfile("http://fhir.nl/fhir/StructureDefinition/nl-core-patient");
        patient.addIdentifier().setSystem("http://fhir.nl/fhir/NamingSystem/bsn").setValue(bsn.value());
        Condition problem = new Condition();
        problem.setId("c-7");
        problem.getMeta().addProfile("http://nictiz.nl/fhir/StructureDefinition/zib-Problem");
        problem.setCode(new CodeableConcept().addCoding(new org.hl7.fhir.dstu3.model.Coding("http://snomed.info/sct",
                "38341003", "Hypertensie")));
        problem.setSubject(new org.hl7.fhir.dstu3.model.Reference("Patient/pat-9"));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(2);
        bundle.addEntry().setResource(patient);
        bundle.addEntry().setResource(problem);
        ReceivedBgz received = new ReceivedBgz(UUID.randomUUID(), new BgzSource("zhb", "Ziekenhuis Bb", "90000002",
                "https://b.example/fhir/stu3"), Occasion.REQUEST, null, Instant.now(), bsn, "dr",
                List.of(new ReceivedQuery("Condition?patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn|{BSN}",
                        200, 2, null, BgzStu3Server.context().newJsonParser().encodeResourceToString(bundle))), 2);
        store.save(received);
        String path = "/bgz/received/" + received.id();
        assertThat(page(path, "en", "CLINICIAN")).contains("Take over section Problems").contains(">new<")
                .contains("Take over the whole BgZ");
        assertThat(page(path, "nl", "CLINICIAN")).contains("Sectie Problemen overnemen").contains(">nieuw<");
        assertThat(page(path, "en", "OPERATOR")).as("no take-over buttons for those who may not")
                .doesNotContain("Take over section");

        String confirm = mvc.perform(post(path + "/take-over").param("lang", "en").param("what", "section:PROBLEM")
                .with(csrf()).with(user("dr").roles("CLINICIAN"))).andReturn().getResponse().getContentAsString();
        assertThat(confirm).contains("1 items from Ziekenhuis Bb will be taken over").contains("Hypertensie")
                .contains("Confirm: take over 1 items");
        assertThat(mvc.perform(post(path + "/take-over").param("lang", "nl").param("what", "section:PROBLEM")
                .with(csrf()).with(user("dr").roles("CLINICIAN"))).andReturn().getResponse().getContentAsString())
                .contains("Bevestigen: 1 items overnemen");
        assertThat(ownRecord.patientsWithBsn(bsn.value())).as("nothing before the confirmation").isEmpty();

        long before = trail.count();
        var done = mvc.perform(post(path + "/take-over/confirm").param("what", "section:PROBLEM").with(csrf())
                .with(user("dr").roles("CLINICIAN"))).andReturn();
        assertThat(done.getResponse().getRedirectedUrl()).isEqualTo(path);
        assertThat(((nl.zorgbrug.bgz.takeover.Outcome) done.getFlashMap().get("takenOver")).taken()).hasSize(1);
        String own = ownRecord.patientsWithBsn(bsn.value()).get(0).id();
        assertThat(ownRecord.forPatient("Condition", own)).singleElement().satisfies(r -> assertThat(r.json())
                .contains("\"external\"").contains("Ziekenhuis Bb").contains("38341003")
                .contains("https://b.example/fhir/stu3/Condition/c-7"));
        assertThat(new JdbcAuditStore(dataSource).read(before, 100)).anySatisfy(rec -> {
            assertThat(rec.event().type()).isEqualTo(nl.zorgbrug.audit.event.EventType.IMPORT);
            assertThat(rec.event().patient().bsn()).isEqualTo(bsn);
            assertThat(rec.body()).contains("taken over into the own record (section PROBLEM)");
        });
        assertThat(page(path, "en", "CLINICIAN")).contains("already in the own record");

        var again = mvc.perform(post(path + "/take-over/confirm").param("what", "all").with(csrf())
                .with(user("dr").roles("CLINICIAN"))).andReturn();
        assertThat(((nl.zorgbrug.bgz.takeover.Outcome) again.getFlashMap().get("takenOver")).taken()).isEmpty();
        assertThat(ownRecord.forPatient("Condition", own)).hasSize(1);

        assertThat(mvc.perform(post(path + "/take-over/confirm").param("what", "all").with(csrf())
                .with(user("o").roles("OPERATOR"))).andReturn().getResponse().getStatus()).isEqualTo(403);
        assertThat(mvc.perform(post(path + "/take-over").param("what", "section:NOPE").with(csrf())
                .with(user("dr").roles("CLINICIAN"))).andReturn().getFlashMap().get("error")).asString()
                .contains("no BgZ section NOPE");
    }

    private org.springframework.test.web.servlet.MvcResult confirm(String bsn, String specialism) throws Exception {
        var post = post("/bgz/referral/confirm").param("lang", "nl").param("bsn", bsn).param("institution", "dicht")
                .param("referral", "verwijzing-1");
        if (specialism != null) {
            post.param("specialism", specialism);
        }
        return mvc.perform(post.with(csrf()).with(user("dr").roles("CLINICIAN"))).andReturn();
    }

    private String page(String path, String lang, String role) throws Exception {
        var response = mvc.perform(get(path).param("lang", lang).with(user("u-" + role.toLowerCase()).roles(role)))
                .andReturn().getResponse();
        assertThat(response.getStatus()).as(path).isEqualTo(200);
        return response.getContentAsString();
    }
}
