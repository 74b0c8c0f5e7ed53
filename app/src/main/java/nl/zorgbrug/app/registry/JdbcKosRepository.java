package nl.zorgbrug.app.registry;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import nl.zorgbrug.registry.source.KosRepository;

/** The node's repository of KOS manifests in the database (V47, {@code xds_repository_document}). */
final class JdbcKosRepository implements KosRepository {
    private static final RowMapper<KeptKos> ROW = (rs, n) -> new KeptKos(rs.getString("document_unique_id"),
            rs.getString("study_instance_uid"), rs.getLong("job_id"), rs.getBytes("kos"), rs.getString("submission"),
            rs.getTimestamp("created").toInstant(), instant(rs.getTimestamp("registered")));

    private final JdbcTemplate jdbc;

    JdbcKosRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void keep(KeptKos kos) {
        jdbc.update("insert into xds_repository_document (document_unique_id, study_instance_uid, job_id, kos,"
                        + " submission, created, registered) values (?, ?, ?, ?, ?, ?, ?)", kos.documentUniqueId(),
                kos.studyInstanceUid(), kos.jobId(), kos.kos(), kos.submission(), Timestamp.from(kos.created()),
                kos.registered() == null ? null : Timestamp.from(kos.registered()));
    }

    @Override
    public Optional<KeptKos> forJob(long jobId) {
        return jdbc.query("select * from xds_repository_document where job_id = ?", ROW, jobId).stream().findFirst();
    }

    @Override
    public Optional<KeptKos> find(String documentUniqueId) {
        return jdbc.query("select * from xds_repository_document where document_unique_id = ?", ROW, documentUniqueId)
                .stream().findFirst();
    }

    @Override
    public void registered(String documentUniqueId, Instant at) {
        jdbc.update("update xds_repository_document set registered = ? where document_unique_id = ?", Timestamp.from(at),
                documentUniqueId);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
