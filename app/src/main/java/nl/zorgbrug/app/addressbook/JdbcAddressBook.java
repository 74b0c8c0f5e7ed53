package nl.zorgbrug.app.addressbook;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.annotation.Transactional;

import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.gateway.addressbook.Institution;

/** The address book in the node's database. */
public class JdbcAddressBook implements AddressBook {
    private static final RowMapper<Institution> ROW = (rs, n) -> new Institution(rs.getString("institution_key"),
            rs.getString("name"), rs.getString("ura"), rs.getString("agb"), rs.getString("patient_id_issuer_oid"),
            rs.getString("ae_title"), rs.getString("host"), rs.getInt("port"), rs.getBoolean("tls"),
            rs.getString("stow_rs_url"), rs.getString("email"), rs.getString("phone"), rs.getBoolean("storage_commitment"),
            rs.getString("certificate_subject"));

    private final JdbcTemplate jdbc;
    private final JdbcSftpEndpoints sftp;

    public JdbcAddressBook(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.sftp = new JdbcSftpEndpoints(jdbc);
    }

    @Override
    public List<Institution> all() {
        java.util.Map<String, JdbcSftpEndpoints.Drop> drops = sftp.all();
        return jdbc.query("select * from institution order by name", ROW).stream()
                .map(i -> JdbcSftpEndpoints.merged(i, drops.get(i.key()))).toList();
    }

    @Override
    public Optional<Institution> find(String key) {
        return jdbc.query("select * from institution where institution_key = ?", ROW, key).stream().findFirst()
                .map(this::withDrop);
    }

    @Override
    public Optional<Institution> byAeTitle(String aeTitle) {
        return jdbc.query("select * from institution where ae_title = ?", ROW, aeTitle).stream().findFirst()
                .map(this::withDrop);
    }

    /** The institutions' SFTP drops (issue 21), kept in a table of their own. */
    public JdbcSftpEndpoints sftp() {
        return sftp;
    }

    private Institution withDrop(Institution i) {
        return JdbcSftpEndpoints.merged(i, sftp.find(i.key()).orElse(null));
    }

    @Override
    @Transactional
    public void save(Institution i) {
        i.validated();
        jdbc.update("delete from institution where institution_key = ?", i.key());
        jdbc.update("insert into institution (institution_key, name, ura, agb, patient_id_issuer_oid, ae_title, host, port, tls,"
                        + " stow_rs_url, email, phone, storage_commitment, certificate_subject)"
                        + " values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                i.key(), i.name(), empty(i.ura()), empty(i.agb()), empty(i.patientIdIssuerOid()), empty(i.aeTitle()),
                empty(i.host()), i.port(), i.tls(), empty(i.stowRsUrl()), empty(i.email()), empty(i.phone()),
                i.storageCommitment(), empty(i.certificateSubject()));
    }

    /** Replaces the whole book in one transaction (an import is all or nothing). */
    @Override
    @Transactional
    public void replaceAll(List<Institution> institutions) {
        institutions.forEach(Institution::validated);
        jdbc.update("delete from institution");
        for (Institution i : institutions) {
            save(i);
        }
        // A drop stays with its entry; one whose entry the import removed goes with it.
        java.util.Set<String> keys = new java.util.HashSet<>(institutions.stream().map(Institution::key).toList());
        sftp.all().keySet().stream().filter(k -> !keys.contains(k)).forEach(sftp::remove);
    }

    @Override
    public boolean remove(String key) {
        sftp.remove(key);
        return jdbc.update("delete from institution where institution_key = ?", key) > 0;
    }

    private static String empty(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
