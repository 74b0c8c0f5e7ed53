package nl.zorgbrug.app.mpi;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.merge.MergedPatients;

/**
 * Merges of patients in the database (V15 {@code patient_merge}), and the re-pointing of jobs ({@code job.patient_id})
 * and quarantine links ({@code quarantine_item.linked_local_id}) in the caller's transaction.
 */
public class JdbcMergedPatients implements MergedPatients {
    private final JdbcTemplate jdbc;

    public JdbcMergedPatients(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void record(Merge merge) {
        jdbc.update("delete from patient_merge where prior_local_id = ?", merge.priorLocalId());
        jdbc.update("insert into patient_merge (prior_local_id, survivor_local_id, source, merged) values (?, ?, ?, ?)",
                merge.priorLocalId(), merge.survivorLocalId(), merge.source(), Timestamp.from(merge.at()));
    }

    @Override
    public Optional<String> survivorOf(String localId) {
        return jdbc.query("select survivor_local_id from patient_merge where prior_local_id = ?",
                (rs, n) -> rs.getString(1), localId).stream().findFirst();
    }

    @Override
    public List<JobOfPatient> jobsOf(String localId) {
        return jdbc.query("select id, state from job where patient_id = ? order by id",
                (rs, n) -> new JobOfPatient(rs.getLong(1), JobState.valueOf(rs.getString(2))), localId);
    }

    @Override
    public void repointJob(long jobId, String survivorLocalId) {
        jdbc.update("update job set patient_id = ? where id = ?", survivorLocalId, jobId);
    }

    @Override
    public int repointQuarantine(String priorLocalId, String survivorLocalId) {
        return jdbc.update("update quarantine_item set linked_local_id = ? where linked_local_id = ? and state <> ?",
                survivorLocalId, priorLocalId, "REJECTED");
    }

    @Override
    public List<DeliveredUnderPrior> deliveredUnderPrior(int limit) {
        return jdbc.query("select j.id, j.direction, j.destination, j.study_instance_uid, j.accession_number,"
                        + " m.prior_local_id, m.survivor_local_id, m.source, m.merged"
                        + " from job j join patient_merge m on j.patient_id = m.prior_local_id"
                        + " where j.state = 'DONE' order by m.merged desc, j.id limit ?",
                (rs, n) -> new DeliveredUnderPrior(rs.getLong(1), Direction.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getTimestamp(9).toInstant()), limit);
    }
}
