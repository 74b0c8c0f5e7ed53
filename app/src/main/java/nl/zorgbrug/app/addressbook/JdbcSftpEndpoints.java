package nl.zorgbrug.app.addressbook;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import nl.zorgbrug.gateway.addressbook.Endpoint;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.transport.sftp.SftpEndpoint;

/** The institutions' SFTP drops (V22, issue 21), merged into the address book's entries by {@link JdbcAddressBook}. */
public class JdbcSftpEndpoints {
    /** An institution's drop and whether deliveries prefer it over the entry's DICOM or STOW-RS endpoint. */
    public record Drop(String institutionKey, SftpEndpoint endpoint, boolean preferred) {
    }

    private static final RowMapper<Drop> ROW = (rs, n) -> new Drop(rs.getString("institution_key"),
            new SftpEndpoint(rs.getString("host"), rs.getInt("port"), rs.getString("sftp_user"),
                    rs.getString("host_key_fingerprint"),
                    rs.getString("private_key") == null ? null : Path.of(rs.getString("private_key")),
                    rs.getString("sftp_password"), rs.getString("folder"),
                    rs.getObject("receipt_timeout_seconds") == null ? null
                            : java.time.Duration.ofSeconds(rs.getLong("receipt_timeout_seconds"))),
            rs.getBoolean("preferred"));

    private final JdbcTemplate jdbc;

    public JdbcSftpEndpoints(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Drop> find(String key) {
        return jdbc.query("select * from institution_sftp where institution_key = ?", ROW, key).stream().findFirst();
    }

    Map<String, Drop> all() {
        return jdbc.query("select * from institution_sftp", ROW).stream()
                .collect(Collectors.toMap(Drop::institutionKey, d -> d));
    }

    /** @throws IllegalArgumentException naming what is wrong with the endpoint */
    public void save(Drop drop) {
        List<String> problems = drop.endpoint().problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("SFTP drop of '" + drop.institutionKey() + "' is not valid: "
                    + String.join("; ", problems));
        }
        SftpEndpoint e = drop.endpoint();
        jdbc.update("delete from institution_sftp where institution_key = ?", drop.institutionKey());
        jdbc.update("insert into institution_sftp (institution_key, host, port, sftp_user, host_key_fingerprint,"
                        + " private_key, sftp_password, folder, preferred, receipt_timeout_seconds)"
                        + " values (?,?,?,?,?,?,?,?,?,?)",
                drop.institutionKey(), e.host(), e.port(), e.user(), e.hostKeyFingerprint(),
                e.privateKey() == null ? null : e.privateKey().toString(), e.password(), e.folder(), drop.preferred(),
                e.receiptTimeout() == null ? null : e.receiptTimeout().toSeconds());
    }

    public boolean remove(String key) {
        return jdbc.update("delete from institution_sftp where institution_key = ?", key) > 0;
    }

    /** The entry with its drop among its endpoints: first when preferred, else after the others. */
    static Institution merged(Institution i, Drop drop) {
        if (drop == null) {
            return i;
        }
        List<Endpoint> endpoints = new ArrayList<>();
        if (drop.preferred()) {
            endpoints.add(drop.endpoint());
        }
        i.endpoints().stream().filter(e -> !(e instanceof SftpEndpoint)).forEach(endpoints::add);
        if (!drop.preferred()) {
            endpoints.add(drop.endpoint());
        }
        return new Institution(i.key(), i.name(), i.ura(), i.agb(), i.patientIdIssuerOid(), endpoints, i.email(),
                i.phone());
    }
}
