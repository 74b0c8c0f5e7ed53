package nl.zorgbrug.app.mpi;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.merge.MergedPatients;

/**
 * Merges of patients in the database (V15 {@code patient_merge}), and the re-pointing of jobs ({@code job.patient_id})
 * and quarantine links ({@code quarantine_item.linked_local_id}) in the caller's transaction.
 */
public class JdbcMergedPatients implements MergedPatients {
    /**
     * A job is of our patient numbered so only when its Patient ID was issued by us (our local issuer, or none: an
     * export's, or an import the intake took as local from its named caller). Another institution's import job may
     * carry the same number for another person (V50, issue 17): a merge in our EPD must not move it.
     */
    private static final String OURS = " and (patient_id_issuer is null or patient_id_issuer = ?)";

    private final JdbcTemplate jdbc;
    private final String localIssuer;

    /** @param localIssuer the hospital's own issuer of patient numbers ({@code zorgbrug.gateway.local-issuer}) */
    public JdbcMergedPatients(JdbcTemplate jdbc, String localIssuer) {
        this.jdbc = jdbc;
        this.localIssuer = java.util.Objects.requireNonNull(localIssuer, "localIssuer");
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
        return jdbc.query("select id, state from job where patient_id = ?" + OURS + " order by id",
                (rs, n) -> new JobOfPatient(rs.getLong(1), JobState.valueOf(rs.getString(2))), localId, localIssuer);
    }

    /**
     * Two statements whatever the number of jobs: the history steps with {@code insert ... select}, then the patient
     * with one {@code update} (both by job_by_patient_id). Issue 16's benchmark: a per-row loop was two statements
     * per job.
     */
    @Override
    public int moveJobs(String priorLocalId, String survivorLocalId, Set<JobState> states, JobStep step) {
        if (states.isEmpty()) {
            return 0;
        }
        String in = String.join(",", Collections.nCopies(states.size(), "?"));
        List<Object> args = new ArrayList<>(Arrays.asList(step.user(), step.action(), step.detail(),
                Timestamp.from(step.at()), priorLocalId, localIssuer));
        states.stream().map(JobState::name).sorted().forEach(args::add);
        int n = jdbc.update("insert into job_event (job_id, user_name, action, detail, at)"
                + " select id, ?, ?, ?, ? from job where patient_id = ?" + OURS + " and state in (" + in + ")",
                args.toArray());
        if (survivorLocalId != null) {
            List<Object> update = new ArrayList<>(List.of(survivorLocalId, priorLocalId, localIssuer));
            states.stream().map(JobState::name).sorted().forEach(update::add);
            int moved = jdbc.update("update job set patient_id = ? where patient_id = ?" + OURS + " and state in ("
                    + in + ")", update.toArray());
            if (moved != n) {
                // Both ran in the caller's transaction; a difference means a job changed state between them.
                throw new IllegalStateException("merge of patient " + Bsn.mask(priorLocalId)
                        + ": " + n + " history steps but " + moved + " jobs re-pointed; the transaction is rolled"
                        + " back, the EPD's message is answered AR and may be sent again");
            }
        }
        return n;
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
                        + " where j.state = 'DONE' and (j.patient_id_issuer is null or j.patient_id_issuer = ?)"
                        + " order by m.merged desc, j.id limit ?",
                (rs, n) -> new DeliveredUnderPrior(rs.getLong(1), Direction.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getTimestamp(9).toInstant()), localIssuer, limit);
    }
}
