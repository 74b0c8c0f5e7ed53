package nl.zorgbrug.app.jobs;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

import nl.zorgbrug.gateway.manifest.ManifestRepository;
import nl.zorgbrug.gateway.manifest.StudyManifest;

/** The manifests of jobs in the node's database (V6__job_manifest.sql). */
public class JdbcManifestRepository implements ManifestRepository {
    private final JdbcTemplate jdbc;

    public JdbcManifestRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Replaces the job's manifest in one transaction, so a reader never sees half of one. */
    @Override
    @Transactional
    public void record(long jobId, StudyManifest m, Instant at) {
        jdbc.update("delete from job_manifest_instance where job_id = ?", jobId);
        jdbc.update("delete from job_manifest where job_id = ?", jobId);
        jdbc.update("insert into job_manifest (job_id, sop_instance_uid, study_instance_uid, remark, referral_reason,"
                + " recorded) values (?,?,?,?,?,?)", jobId, m.sopInstanceUid(), m.studyInstanceUid(), m.remark(),
                m.referralReason(), Timestamp.from(at));
        List<Object[]> rows = new ArrayList<>();
        int position = 0;
        for (StudyManifest.Reference r : m.references()) {
            rows.add(new Object[] {jobId, position++, r.sopInstanceUid(), r.sopClassUid(), r.seriesInstanceUid()});
        }
        jdbc.batchUpdate("insert into job_manifest_instance (job_id, position, sop_instance_uid, sop_class_uid,"
                + " series_instance_uid) values (?,?,?,?,?)", rows);
    }

    @Override
    public Optional<StudyManifest> find(long jobId) {
        List<StudyManifest.Reference> refs = jdbc.query("select series_instance_uid, sop_class_uid, sop_instance_uid"
                        + " from job_manifest_instance where job_id = ? order by position",
                (rs, n) -> new StudyManifest.Reference(rs.getString(1), rs.getString(2), rs.getString(3)), jobId);
        return jdbc.query("select sop_instance_uid, study_instance_uid, remark, referral_reason from job_manifest"
                        + " where job_id = ?", (rs, n) -> new StudyManifest(rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), refs), jobId).stream().findFirst();
    }
}
