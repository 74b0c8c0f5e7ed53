package nl.zorgbrug.app.addressbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import nl.zorgbrug.gateway.addressbook.DicomEndpoint;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.transport.sftp.SftpEndpoint;

/**
 * The V22 migration and the SFTP drops of the address book (issue 21) on both databases: a drop is merged into its
 * entry (first when preferred), survives a save of the entry through the columns (form, CSV, REST), and goes with
 * the entry when it is removed or left out of a replacing import.
 */
class JdbcSftpEndpointsTest {
    static final String PG_URL = System.getenv().getOrDefault("ZORGBRUG_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String FINGERPRINT = "SHA256:" + "A".repeat(43);

    static Stream<String> databases() {
        return Stream.of("h2", "postgresql");
    }

    private static DataSource dataSource(String db, String schema) throws Exception {
        if (db.equals("h2")) {
            return new SingleConnectionDataSource("jdbc:h2:mem:" + schema
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "", true);
        }
        Connection probe;
        try {
            probe = DriverManager.getConnection(PG_URL, System.getProperty("user.name"), "");
        } catch (Exception e) {
            try {
                probe = DriverManager.getConnection(PG_URL, "postgres", "");
            } catch (Exception e2) {
                String message = "PostgreSQL at " + PG_URL + " is not reachable: " + e2.getMessage();
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    fail(message);
                }
                assumeTrue(false, message);
                return null;
            }
        }
        probe.createStatement().execute("create schema " + schema);
        probe.setSchema(schema);
        return new SingleConnectionDataSource(probe, true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDropIsMergedIntoItsEntryAndKeptWhenTheEntryIsSavedByItsColumns(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = dataSource(db, schema);
        Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        JdbcAddressBook book = new JdbcAddressBook(jdbc);
        Institution umcx = new Institution("umcx", "UMC X", "87654321", null, null, "UMCX", "127.0.0.1", 11112, false,
                null, null, null);
        book.save(umcx);
        SftpEndpoint drop = new SftpEndpoint("sftp.umcx.example", 22, "zorgbrug", FINGERPRINT,
                Path.of("/etc/zorgbrug/id_ecdsa"), null, "inbox/zorgbrug");

        book.sftp().save(new JdbcSftpEndpoints.Drop("umcx", drop, false));
        assertThat(book.find("umcx").orElseThrow().endpoints()).hasSize(2)
                .first().isInstanceOf(DicomEndpoint.class);
        book.sftp().save(new JdbcSftpEndpoints.Drop("umcx", drop, true));
        assertThat(book.find("umcx").orElseThrow().endpoint()).contains(drop);
        assertThat(book.all()).singleElement().satisfies(i -> assertThat(i.endpoints()).first().isEqualTo(drop));

        // Saved again through the columns only (the form, the CSV, the REST entry): the drop stays.
        book.save(umcx);
        assertThat(book.find("umcx").orElseThrow().endpoint()).contains(drop);
        // A replacing import without the entry removes its drop with it.
        book.replaceAll(List.of(new Institution("other", "Other", null, null, null, "OTHER", "127.0.0.1", 104, false,
                null, null, null)));
        assertThat(book.sftp().find("umcx")).isEmpty();
        book.save(umcx);
        book.sftp().save(new JdbcSftpEndpoints.Drop("umcx", drop, true));
        assertThat(book.remove("umcx")).isTrue();
        assertThat(book.sftp().find("umcx")).isEmpty();

        // A partner that writes receipts (issue 21): how long to wait for one is kept with the drop.
        book.save(umcx);
        SftpEndpoint withReceipts = new SftpEndpoint("sftp.umcx.example", 22, "zorgbrug", FINGERPRINT,
                Path.of("/etc/zorgbrug/id_ecdsa"), null, "inbox/zorgbrug", java.time.Duration.ofMinutes(90));
        book.sftp().save(new JdbcSftpEndpoints.Drop("umcx", withReceipts, true));
        assertThat(book.find("umcx").orElseThrow().endpoint()).contains(withReceipts);
        assertThat(withReceipts.awaitsCommitment()).as("originals stay until the receipt").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDropWithoutKeyOrPasswordIsRefusedNamingTheField(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = dataSource(db, schema);
        Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
        JdbcSftpEndpoints drops = new JdbcSftpEndpoints(new JdbcTemplate(ds));
        assertThatThrownBy(() -> drops.save(new JdbcSftpEndpoints.Drop("umcx",
                new SftpEndpoint("h", 22, "u", "SHA256:short", null, null, "."), false)))
                .hasMessageContaining("sftpPrivateKey").hasMessageContaining("sftpHostKey");
        assertThatThrownBy(() -> drops.save(new JdbcSftpEndpoints.Drop("umcx", new SftpEndpoint("h", 22, "u", null,
                Path.of("/k"), null, ".", java.time.Duration.ZERO), false))).hasMessageContaining("sftpReceiptTimeout");
    }
}
