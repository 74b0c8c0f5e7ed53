package nl.zorgbrug.app.registry;

import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

import nl.zorgbrug.app.jobs.JdbcJobRepositoryTest;
import nl.zorgbrug.registry.RegistryContract;
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
