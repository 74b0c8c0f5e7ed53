package nl.zorgbrug.app.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.app.jobs.JdbcJobRepositoryTest;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.registry.RegistryContract;
import nl.zorgbrug.registry.TestSubmissions;
import nl.zorgbrug.registry.TestSubmissions.Study;
import nl.zorgbrug.registry.model.PackedEbRim;
import nl.zorgbrug.registry.model.RegistryPatient;
import nl.zorgbrug.registry.store.MetadataStore;

/** The registry's rules (ITI-42, ITI-18, RPLC, resend, whole-or-nothing) on the V28 tables, H2 and PostgreSQL. */
class JdbcRegistryTest {

    abstract static class OnDatabase extends RegistryContract {
        private final String db;
        private String schema;
        private DataSource ds;

        OnDatabase(String db) {
            this.db = db;
        }

        @Override
        protected MetadataStore newStore() throws Exception {
            schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            ds = JdbcJobRepositoryTest.dataSource(db, schema);
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            return new JdbcMetadataStore(ds);
        }

        /**
         * V81: new rows keep their ebRIM packed, several times smaller than the text; rows written before keep it as
         * text and are read from there (the migration rewrites none).
         */
        @Test
        void theEbRimIsStoredPackedAndARowFromBeforeV81IsStillRead() {
            Bsn bsn = TestSubmissions.bsn(random);
            RegisterDocumentSet request = TestSubmissions.kos(bsn, Study.random(random, "MR"), random);
            assertThat(register(request).getStatus()).isEqualTo(Status.SUCCESS);
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            for (String table : List.of("xds_submission_set", "xds_document_entry", "xds_association")) {
                Map<String, Object> row = jdbc.queryForMap("select ebrim, ebrim_packed from " + table
                        + " where " + (table.equals("xds_association") ? "source_uuid in (select entry_uuid from"
                        + " xds_submission_set where patient_bsn = ?)" : "patient_bsn = ?"), bsn.value());
                byte[] packed = (byte[]) row.get("ebrim_packed");
                assertThat(row.get("ebrim")).as(table).isNull();
                String text = PackedEbRim.unpack(packed, table);
                assertThat(packed.length).as(table).isLessThan(text.length() / 4);
            }
            DocumentEntry before = findDocuments(RegistryPatient.of(bsn), AvailabilityStatus.APPROVED)
                    .getDocumentEntries().get(0);

            // The row as a node before V81 wrote it: the text, nothing packed.
            String uuid = before.getEntryUuid();
            byte[] packed = jdbc.queryForObject("select ebrim_packed from xds_document_entry where entry_uuid = ?",
                    byte[].class, uuid);
            jdbc.update("update xds_document_entry set ebrim = ?, ebrim_packed = null where entry_uuid = ?",
                    PackedEbRim.unpack(packed, uuid), uuid);
            DocumentEntry after = findDocuments(RegistryPatient.of(bsn), AvailabilityStatus.APPROVED)
                    .getDocumentEntries().get(0);
            assertThat(after).isEqualTo(before);
            // Neither column: refused by V81's check, never read as an empty entry.
            assertThatThrownBy(() -> jdbc.update("update xds_document_entry set ebrim = null where entry_uuid = ?",
                    uuid)).isInstanceOf(DataIntegrityViolationException.class);
        }

        @AfterEach
        void drop() throws Exception {
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
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
