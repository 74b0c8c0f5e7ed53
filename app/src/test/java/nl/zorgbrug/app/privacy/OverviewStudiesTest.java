package nl.zorgbrug.app.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.app.console.ConsoleTime;
import nl.zorgbrug.app.jobs.JdbcJobRepositoryTest;
import nl.zorgbrug.app.mpi.TestBsns;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Peer;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.audit.overview.PatientOverview;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.registry.model.PackedEbRim;

/**
 * Issue 20 part 5: the patient's overview shows who requested which study. Every event of the image index (register,
 * ITI-18 query, ITI-43 / RAD-69 / WADO-RS retrieve, import, consent decision) is a row naming the study by its
 * description, modalities and date (from the node's own KOS, or from the registry's index) instead of its UID, and the
 * organisation it was on behalf of, in Dutch and in English; on H2 and PostgreSQL.
 */
class OverviewStudiesTest {
    static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");
    static final String REQUESTER_URA = "00002222";
    static final String OWN_URA = "00001234";

    abstract static class OnDatabase {
        private final String db;
        private String schema;
        private DataSource ds;
        private JdbcTemplate jdbc;

        OnDatabase(String db) {
            this.db = db;
        }

        @BeforeEach
        void migrate() throws Exception {
            schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            ds = JdbcJobRepositoryTest.dataSource(db, schema);
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            jdbc = new JdbcTemplate(ds);
        }

        @AfterEach
        void drop() throws Exception {
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }

        @Test
        void eachEventOfTheImageIndexNamesTheStudyByItsDescriptionAndDateAndTheRequestingOrganisation()
                throws Exception {
            Bsn bsn = Bsn.parse(TestBsns.first(3).get(2));
            String ownStudy = "1.2.826.0.1.3680043.10.1187.7001";
            String indexedStudy = "1.2.826.0.1.3680043.10.1187.7002";
            String unknownStudy = "1.2.826.0.1.3680043.10.1187.7003";
            keepKos(ownStudy, "CT thorax", "20261103");
            index(bsn, indexedStudy, "MR knie links", Instant.parse("2026-10-14T23:30:00Z"), "MR");

            Actor node = Actor.system("zorgbrug-a", new Ura(OWN_URA));
            Actor consumer = new Actor("ris-consumer-b", "ris-consumer-b", Role.REMOTE_SYSTEM, new Ura(REQUESTER_URA));
            Instant t = Instant.parse("2026-12-06T10:00:00Z");
            List<AuditEvent> events = List.of(
                    event(EventType.SEND, node, t, bsn, Outcome.SUCCESS, "register: KOS",
                            ObjectRef.study(ownStudy), ObjectRef.job(17)),
                    event(EventType.RECEIVE, consumer, t.plusSeconds(1), bsn, Outcome.SUCCESS, "ITI-42 ...",
                            ObjectRef.study(indexedStudy)),
                    event(EventType.CONSENT_DECISION, node, t.plusSeconds(2), bsn, Outcome.SUCCESS, "consented"),
                    event(EventType.QUERY, consumer, t.plusSeconds(3), bsn, Outcome.SUCCESS,
                            "ITI-18 Registry Stored Query FindDocuments: 2 entries"),
                    event(EventType.RETRIEVE, consumer, t.plusSeconds(4), bsn, Outcome.SUCCESS, "ITI-43: report",
                            ObjectRef.study(ownStudy)),
                    event(EventType.RETRIEVE, consumer, t.plusSeconds(5), bsn, Outcome.SUCCESS, "RAD-69: 2 of 2",
                            ObjectRef.study(ownStudy)),
                    event(EventType.RETRIEVE, consumer, t.plusSeconds(6), bsn, Outcome.MINOR_FAILURE,
                            "WADO-RS: study refused (NO_CONSENT)", ObjectRef.study(ownStudy)),
                    event(EventType.IMPORT, node, t.plusSeconds(7), bsn, Outcome.SUCCESS, "import",
                            ObjectRef.study(indexedStudy), ObjectRef.job(18)),
                    event(EventType.RETRIEVE, consumer, t.plusSeconds(8), bsn, Outcome.SUCCESS, "RAD-69",
                            ObjectRef.study(unknownStudy)));
            PatientOverview overview = new PatientOverview(bsn, events, true);
            JdbcStudyLabels labels = new JdbcStudyLabels(jdbc, ZONE);

            OverviewDocument nl = OverviewDocument.of(overview, new ConsoleTime(ZONE), t.plusSeconds(60),
                    OverviewDocument.Language.NL, labels);
            assertThat(nl.rows()).extracting(OverviewDocument.Row::what).containsExactly("Gegevens verstuurd",
                    "Gegevens ontvangen", "Toestemming nagegaan", "Gegevens gezocht", "Gegevens opgevraagd",
                    "Gegevens opgevraagd", "Gegevens opgevraagd", "Gegevens overgenomen in het eigen dossier",
                    "Gegevens opgevraagd");
            // The node's own KOS gives the description and date; the registry's index the title, modality and the
            // day of serviceStartTime in the console's zone (23:30 UTC on 14 October is 15 October in Amsterdam).
            assertThat(nl.rows().get(0).data()).isEqualTo("onderzoek CT thorax van 3 november 2026, verzending 17");
            assertThat(nl.rows().get(1).data()).isEqualTo("onderzoek MR knie links (MR) van 15 oktober 2026");
            assertThat(nl.rows().get(7).data()).isEqualTo("onderzoek MR knie links (MR) van 15 oktober 2026, "
                    + "verzending 18");
            assertThat(nl.rows().subList(4, 7)).allSatisfy(r -> {
                assertThat(r.data()).isEqualTo("onderzoek CT thorax van 3 november 2026");
                assertThat(r.onBehalfOf()).isEqualTo("URA " + REQUESTER_URA);
                assertThat(r.role()).isEqualTo("systeem van een andere zorgaanbieder");
            });
            assertThat(nl.rows().get(3).onBehalfOf()).isEqualTo("URA " + REQUESTER_URA);
            assertThat(nl.rows().get(6).outcome()).isEqualTo("niet gelukt");
            // A study the node knows nothing more of is still named, by its UID.
            assertThat(nl.rows().get(8).data()).isEqualTo("onderzoek " + unknownStudy);
            assertThat(nl.rows().subList(0, 8)).allSatisfy(r -> assertThat(r.data())
                    .doesNotContain(ownStudy).doesNotContain(indexedStudy));
            assertThat(nl.words().get("title")).isEqualTo("Overzicht van het gebruik van uw gegevens");

            OverviewDocument en = OverviewDocument.of(overview, new ConsoleTime(ZONE), t.plusSeconds(60),
                    OverviewDocument.Language.EN, labels);
            assertThat(en.rows()).extracting(OverviewDocument.Row::what).containsExactly("Data sent",
                    "Data received", "Consent checked", "Data searched for", "Data requested", "Data requested",
                    "Data requested", "Data taken into the own record", "Data requested");
            assertThat(en.rows().get(0).data()).isEqualTo("study CT thorax of 3 November 2026, transfer 17");
            assertThat(en.rows().get(5).data()).isEqualTo("study CT thorax of 3 November 2026");
            assertThat(en.rows().get(5).role()).isEqualTo("system of another care provider");
            assertThat(en.rows().get(6).outcome()).isEqualTo("did not succeed");
            assertThat(en.rows().get(1).data()).isEqualTo("study MR knie links (MR) of 15 October 2026");
            assertThat(en.words().get("title")).isEqualTo("Overview of the use of your data");
            assertThat(en.language().tag()).isEqualTo("en");
        }

        @Test
        void theIndexNamesTheStudyByItsKosEntryNotTheReportBesideItAndAStudyWithoutDescriptionByModalityAndDate() {
            Bsn bsn = Bsn.parse(TestBsns.first(4).get(3));
            String study = "1.2.826.0.1.3680043.10.1187.7010";
            index(bsn, study, "Manifest", Instant.parse("2026-09-01T08:00:00Z"), "CT");
            indexReport(bsn, study, "Verslag", Instant.parse("2026-09-02T08:00:00Z"));
            StudyLabels.StudyLabel label = new JdbcStudyLabels(jdbc, ZONE).of(study).orElseThrow();
            assertThat(label.description()).as("'Manifest' is KosSubmission's title without a description").isNull();
            assertThat(label.modalities()).containsExactly("CT");
            assertThat(OverviewDocument.study(study, false, uid -> java.util.Optional.of(label)))
                    .isEqualTo("onderzoek (CT) van 1 september 2026");
            assertThat(OverviewDocument.Language.of("en-GB")).isEqualTo(OverviewDocument.Language.EN);
            assertThat(OverviewDocument.Language.of(null)).isEqualTo(OverviewDocument.Language.NL);
        }

        private void keepKos(String study, String description, String date) throws Exception {
            DataSet ds = new DataSet();
            String sop = study + ".9";
            ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.88.59");
            ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
            ds.setString(Tag.StudyDate, VR.DA, date);
            ds.setString(Tag.StudyDescription, VR.LO, description);
            ds.setString(Tag.StudyInstanceUID, VR.UI, study);
            TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Part10Writer.write(new DicomFile(null, FileMetaInformation.create(ds.getString(Tag.SOPClassUID), sop, ts,
                    "ZORGBRUG"), ds, ts, true), out);
            jdbc.update("insert into xds_repository_document (document_unique_id, study_instance_uid, job_id, kos,"
                    + " submission, created) values (?, ?, ?, ?, ?, ?)", sop, study, 17L, out.toByteArray(),
                    "<SubmitObjectsRequest/>", Timestamp.from(Instant.parse("2026-11-03T12:00:00Z")));
        }

        private void index(Bsn bsn, String study, String title, Instant start, String modality) {
            String entry = entry(bsn, study, title, start, "application/dicom");
            jdbc.update("insert into xds_document_event_code (entry_uuid, code, scheme) values (?, ?, ?)", entry,
                    modality, JdbcStudyLabels.DCM);
        }

        private void indexReport(Bsn bsn, String study, String title, Instant start) {
            entry(bsn, study, title, start, "text/plain");
        }

        private String entry(Bsn bsn, String study, String title, Instant start, String mimeType) {
            String set = "urn:uuid:" + UUID.randomUUID();
            String entry = "urn:uuid:" + UUID.randomUUID();
            jdbc.update("insert into xds_submission_set (entry_uuid, unique_id, patient_bsn, digest, ebrim,"
                    + " registered_at) values (?, ?, ?, ?, ?, ?)", set, "2.25." + Math.abs(set.hashCode()),
                    bsn.value(), "0".repeat(64), "<rim:RegistryPackage/>", Timestamp.from(start));
            // ebRIM 3.0 as the registry keeps it: the ExtrinsicObject's Name is the DocumentEntry's title.
            String ebrim = "<rim:ExtrinsicObject xmlns:rim=\"urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0\" id=\""
                    + entry + "\" mimeType=\"" + mimeType + "\"><rim:Name><rim:LocalizedString xml:lang=\"nl-NL\""
                    + " charset=\"UTF-8\" value=\"" + title + "\"/></rim:Name></rim:ExtrinsicObject>";
            // The KOS's entry as the node writes it since V81 (packed), the report's as a node wrote it before (text):
            // the labels read both.
            boolean packed = mimeType.equals("application/dicom");
            jdbc.update("insert into xds_document_entry (entry_uuid, unique_id, logical_uuid, patient_bsn, status,"
                    + " entry_type, service_start, submission_set_uuid, ebrim, ebrim_packed)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    entry, "2.25." + Math.abs(entry.hashCode()), entry, bsn.value(), "APPROVED", "STABLE",
                    Timestamp.from(start), set, packed ? null : ebrim, packed ? PackedEbRim.pack(ebrim) : null);
            jdbc.update("insert into xds_document_reference (entry_uuid, id_type, ref_value) values (?, ?, ?)",
                    entry, JdbcStudyLabels.STUDY_INSTANCE_UID, study);
            return entry;
        }
    }

    static AuditEvent event(EventType type, Actor actor, Instant at, Bsn bsn, Outcome outcome, String detail,
                            ObjectRef... objects) {
        AuditEvent.Builder b = AuditEvent.of(type, actor, at).outcome(outcome).patient(PatientRef.of(bsn))
                .source(Peer.named(actor.userId())).detail(detail);
        for (ObjectRef o : objects) {
            b.object(o);
        }
        return b.build();
    }

    @Nested
    class H2 extends OnDatabase {
        H2() {
            super("h2");
        }
    }

    @Nested
    class PostgreSql extends OnDatabase {
        PostgreSql() {
            super("postgresql");
        }
    }
}
