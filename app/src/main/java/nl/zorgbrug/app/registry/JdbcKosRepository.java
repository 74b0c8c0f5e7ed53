package nl.zorgbrug.app.registry;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import nl.zorgbrug.registry.source.KosRepository;

/**
 * The node's repository of KOS manifests in the database (V47, {@code xds_repository_document}; V60 a job's chain of
 * replacements: the unique {@code replaces} lets only one attempt keep the replacement of a KOS; V63 the reports
 * registered beside them, {@code xds_repository_report}).
 */
final class JdbcKosRepository implements KosRepository {
    private static final RowMapper<KeptKos> ROW = (rs, n) -> new KeptKos(rs.getString("document_unique_id"),
            rs.getString("study_instance_uid"), rs.getLong("job_id"), rs.getBytes("kos"), rs.getString("submission"),
            rs.getTimestamp("created").toInstant(), instant(rs.getTimestamp("registered")),
            rs.getString("replaces"));

    private static final RowMapper<KeptReport> REPORT = (rs, n) -> new KeptReport(rs.getString("document_unique_id"),
            rs.getString("kos_unique_id"), rs.getString("study_instance_uid"), rs.getString("mime_type"),
            rs.getBytes("content"), rs.getTimestamp("created").toInstant());

    private final JdbcTemplate jdbc;

    JdbcKosRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void keep(KeptKos kos) {
        // The casts type the parameters of the select list, which PostgreSQL would otherwise take for text.
        // A job's first KOS while it has none, or the replacement of its current KOS; the unique replaces column
        // refuses a second replacement of the same KOS (DuplicateKeyException: another attempt got there first).
        int kept = jdbc.update("insert into xds_repository_document (document_unique_id, study_instance_uid, job_id,"
                        + " kos, submission, created, registered, replaces) select cast(? as varchar(64)), cast(? as"
                        + " varchar(64)), cast(? as bigint), cast(? as bytea), cast(? as text), cast(? as timestamp with"
                        + " time zone), cast(? as timestamp with time zone), cast(? as varchar(64)) where"
                        + (kos.replaces() == null
                        ? " not exists (select 1 from xds_repository_document where job_id = ?)"
                        : " exists (select 1 from xds_repository_document where job_id = ? and document_unique_id = ?)"),
                kos.replaces() == null
                        ? new Object[] {kos.documentUniqueId(), kos.studyInstanceUid(), kos.jobId(), kos.kos(),
                                kos.submission(), Timestamp.from(kos.created()), timestamp(kos.registered()), null,
                                kos.jobId()}
                        : new Object[] {kos.documentUniqueId(), kos.studyInstanceUid(), kos.jobId(), kos.kos(),
                                kos.submission(), Timestamp.from(kos.created()), timestamp(kos.registered()),
                                kos.replaces(), kos.jobId(), kos.replaces()});
        if (kept != 1) {
            throw new IllegalStateException("KOS " + kos.documentUniqueId() + " of job " + kos.jobId() + " not kept:"
                    + (kos.replaces() == null ? " the job keeps a KOS already" : " the KOS it replaces, "
                    + kos.replaces() + ", is not the job's") + "; another attempt of the job got there first");
        }
    }

    /** V63: a report kept once; an attempt that finds it kept (it stopped before keeping its KOS) leaves it. */
    @Override
    public void keepReport(KeptReport report) {
        try {
            jdbc.update("insert into xds_repository_report (document_unique_id, kos_unique_id, study_instance_uid,"
                            + " mime_type, content, created) select cast(? as varchar(64)), cast(? as varchar(64)),"
                            + " cast(? as varchar(64)), cast(? as varchar(64)), cast(? as bytea), cast(? as timestamp"
                            + " with time zone) where not exists (select 1 from xds_repository_report where"
                            + " document_unique_id = ?)", report.documentUniqueId(), report.kosUniqueId(),
                    report.studyInstanceUid(), report.mimeType(), report.bytes(), Timestamp.from(report.created()),
                    report.documentUniqueId());
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            // Another attempt kept it at the same moment: it is kept.
        }
    }

    @Override
    public Optional<KeptReport> findReport(String documentUniqueId) {
        return jdbc.query("select * from xds_repository_report where document_unique_id = ?", REPORT,
                documentUniqueId).stream().findFirst();
    }

    @Override
    public Optional<KeptKos> forJob(long jobId) {
        return jdbc.query("select * from xds_repository_document d where job_id = ? and not exists (select 1 from"
                + " xds_repository_document r where r.replaces = d.document_unique_id)", ROW, jobId).stream()
                .findFirst();
    }

    @Override
    public Optional<KeptKos> find(String documentUniqueId) {
        return jdbc.query("select * from xds_repository_document where document_unique_id = ?", ROW, documentUniqueId)
                .stream().findFirst();
    }

    @Override
    public Optional<KeptKos> registeredForStudy(String studyInstanceUid) {
        return jdbc.query("select * from xds_repository_document where study_instance_uid = ? and registered is not"
                        + " null order by created desc, registered desc fetch first 1 rows only", ROW, studyInstanceUid)
                .stream().findFirst();
    }

    @Override
    public void registered(String documentUniqueId, Instant at) {
        jdbc.update("update xds_repository_document set registered = ? where document_unique_id = ?", Timestamp.from(at),
                documentUniqueId);
    }

    private static Timestamp timestamp(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
