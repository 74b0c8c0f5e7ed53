package nl.zorgbrug.app.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobQueries;
import nl.zorgbrug.gateway.job.JobQueries.HistoryEntry;
import nl.zorgbrug.gateway.job.JobQueries.JobPatient;
import nl.zorgbrug.gateway.job.JobQuery;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.job.JobState;

/** Jobs in the node's database (H2 by default, PostgreSQL when configured); schema in db/migration. */
public class JdbcJobRepository implements JobRepository, JobQueries {
    private final JdbcTemplate jdbc;

    public JdbcJobRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The job's BSN verdict as the bsn_verdict column holds it: the {@link Verdict}'s name. */
    private static Verdict verdict(String text) {
        return text == null ? null : Verdict.valueOf(text);
    }

    private static final RowMapper<Job> JOB = (rs, n) -> new Job(rs.getLong("id"), rs.getString("study_instance_uid"),
            rs.getString("destination"), Direction.valueOf(rs.getString("direction")),
            JobState.valueOf(rs.getString("state")), rs.getString("reason"), rs.getString("accession_number"),
            verdict(rs.getString("bsn_verdict")), rs.getString("remark"), rs.getString("referral_reason"), rs.getInt("attempts"),
            instant(rs, "not_before"), instant(rs, "retry_at"), instant(rs, "created"), instant(rs, "updated"),
            verdict(rs.getString("bsn_verdict_sent")), channel(rs.getString("channel")));

    private static nl.zorgbrug.gateway.job.Channel channel(String text) {
        return text == null ? null : nl.zorgbrug.gateway.job.Channel.valueOf(text);
    }

    private static final RowMapper<JobInstance> INSTANCE = (rs, n) -> new JobInstance(rs.getLong("job_id"),
            rs.getString("sop_instance_uid"), rs.getString("sop_class_uid"), rs.getLong("size"), rs.getInt("status"),
            rs.getBoolean("acknowledged"), rs.getBoolean("committed"), rs.getInt("version"), rs.getString("digest"),
            rs.getString("patient_key"));

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    @Override
    public Job save(Job job) {
        if (job.id() == 0) {
            KeyHolder keys = new GeneratedKeyHolder();
            jdbc.update(con -> {
                var ps = con.prepareStatement("insert into job (study_instance_uid, destination, direction, state, reason,"
                        + " accession_number, bsn_verdict, remark, referral_reason, attempts, not_before, created, updated,"
                        + " retry_at, bsn_verdict_sent, channel) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        new String[] {"id"});
                bind(ps, job);
                return ps;
            }, keys);
            return job.withId(keys.getKey().longValue());
        }
        jdbc.update(con -> {
            var ps = con.prepareStatement("update job set study_instance_uid=?, destination=?, direction=?, state=?,"
                    + " reason=?, accession_number=?, bsn_verdict=?, remark=?, referral_reason=?, attempts=?, not_before=?,"
                    + " created=?, updated=?, retry_at=?, bsn_verdict_sent=?, channel=? where id=?");
            bind(ps, job);
            ps.setLong(17, job.id());
            return ps;
        });
        return job;
    }

    private static void bind(java.sql.PreparedStatement ps, Job job) throws SQLException {
        ps.setString(1, job.studyInstanceUid());
        ps.setString(2, job.destination());
        ps.setString(3, job.direction().name());
        ps.setString(4, job.state().name());
        ps.setString(5, job.reason());
        ps.setString(6, job.accessionNumber());
        ps.setString(7, job.bsnVerdict() == null ? null : job.bsnVerdict().name());
        ps.setString(8, job.remark());
        ps.setString(9, job.referralReason());
        ps.setInt(10, job.attempts());
        ps.setTimestamp(11, Timestamp.from(job.notBefore()));
        ps.setTimestamp(12, Timestamp.from(job.created()));
        ps.setTimestamp(13, Timestamp.from(job.updated()));
        ps.setTimestamp(14, job.retryAt() == null ? null : Timestamp.from(job.retryAt()));
        ps.setString(15, job.bsnVerdictSent() == null ? null : job.bsnVerdictSent().name());
        ps.setString(16, job.channel() == null ? null : job.channel().name());
    }

    @Override
    public Optional<Job> find(long id) {
        return jdbc.query("select * from job where id = ?", JOB, id).stream().findFirst();
    }

    @Override
    public Optional<Job> findForUpdate(long id) {
        return jdbc.query("select * from job where id = ? for update", JOB, id).stream().findFirst();
    }

    @Override
    public Optional<Job> findOpen(String studyInstanceUid, String destination, Direction direction) {
        return jdbc.query("select * from job where study_instance_uid = ? and destination = ? and direction = ?"
                        + " and state <> 'CANCELLED' order by id desc", JOB,
                studyInstanceUid, destination, direction.name()).stream().findFirst();
    }

    /**
     * One statement where it was two (issue 22): the current job's row found and locked at once. On PostgreSQL a row
     * another transaction changed meanwhile is read again once its lock is had, and left out when it no longer
     * matches (a job cancelled meanwhile): then nothing is found, and the caller locks the key and looks again
     * ({@code JobManager}), as when there is no job. Index job_by_study (V1).
     */
    @Override
    public Optional<Job> findOpenForUpdate(String studyInstanceUid, String destination, Direction direction) {
        return jdbc.query("select * from job where study_instance_uid = ? and destination = ? and direction = ?"
                        + " and state <> 'CANCELLED' order by id desc limit 1 for update", JOB,
                studyInstanceUid, destination, direction.name()).stream().findFirst();
    }

    /** The row of V41: made if missing (without failing when another node makes it at once), then locked. */
    @Override
    public void lockOpening(String studyInstanceUid, String destination, Direction direction) {
        jdbc.update("insert into job_opening (study_instance_uid, destination, direction) values (?,?,?)"
                + " on conflict do nothing", studyInstanceUid, destination, direction.name());
        jdbc.query("select study_instance_uid from job_opening where study_instance_uid = ? and destination = ? and"
                + " direction = ? for update", rs -> { }, studyInstanceUid, destination, direction.name());
    }

    @Override
    public boolean addInstance(JobInstance i) {
        // One statement, and no failing one: in a PostgreSQL transaction a key violation would abort the whole unit.
        return jdbc.update("insert into job_instance (job_id, sop_instance_uid, sop_class_uid, size, status, acknowledged,"
                + " committed, version, digest, patient_key) select ?,?,?,?,?,?,?,?,?,? where not exists (select 1 from"
                + " job_instance where job_id = ? and sop_instance_uid = ?)", i.jobId(), i.sopInstanceUid(),
                i.sopClassUid(), i.size(), i.status(), i.acknowledged(), i.committed(), i.version(), i.digest(),
                i.patient(), i.jobId(), i.sopInstanceUid()) == 1;
    }

    @Override
    public List<JobInstance> instancesBySopInstanceUid(String sopInstanceUid) {
        // Index job_instance_by_sop (V5).
        return jdbc.query("select * from job_instance where sop_instance_uid = ?", INSTANCE, sopInstanceUid);
    }

    @Override
    public void updateInstance(JobInstance i) {
        // Only for the version the answer is about: an answer for a version a correction replaced is dropped.
        int n = jdbc.update("update job_instance set sop_class_uid=?, size=?, status=?, acknowledged=?, committed=?"
                + " where job_id=? and sop_instance_uid=? and version=? and coalesce(digest, '') = ?", i.sopClassUid(),
                i.size(), i.status(), i.acknowledged(), i.committed(), i.jobId(), i.sopInstanceUid(), i.version(),
                i.digest() == null ? "" : i.digest());
        if (n == 0) {
            addInstance(i);
        }
    }

    @Override
    public void correctInstance(JobInstance i) {
        int n = jdbc.update("update job_instance set sop_class_uid=?, size=?, status=?, acknowledged=?, committed=?,"
                + " version=?, digest=?, patient_key=? where job_id=? and sop_instance_uid=?", i.sopClassUid(), i.size(),
                i.status(), i.acknowledged(), i.committed(), i.version(), i.digest(), i.patient(), i.jobId(),
                i.sopInstanceUid());
        if (n == 0) {
            addInstance(i);
        }
    }

    @Override
    public List<JobInstance> instances(long jobId) {
        return jdbc.query("select * from job_instance where job_id = ? order by sop_instance_uid", INSTANCE, jobId);
    }

    @Override
    public List<JobInstance> unacknowledged(long jobId) {
        return jdbc.query("select * from job_instance where job_id = ? and acknowledged = false order by sop_instance_uid",
                INSTANCE, jobId);
    }

    @Override
    public List<Job> search(JobQuery q) {
        return query(q, null);
    }

    private List<Job> query(JobQuery q, String patient) {
        StringBuilder sql = new StringBuilder("select * from job where 1=1");
        List<Object> args = new ArrayList<>();
        if (patient != null && !patient.isBlank()) {
            sql.append(" and (lower(patient_name) like ? or patient_id = ?)");
            args.add("%" + patient.trim().toLowerCase(java.util.Locale.ROOT) + "%");
            args.add(patient.trim());
        }
        if (q.from() != null) {
            sql.append(" and created >= ?");
            args.add(Timestamp.from(q.from()));
        }
        if (q.to() != null) {
            sql.append(" and created <= ?");
            args.add(Timestamp.from(q.to()));
        }
        if (q.state() != null) {
            sql.append(" and state = ?");
            args.add(q.state().name());
        }
        if (q.direction() != null) {
            sql.append(" and direction = ?");
            args.add(q.direction().name());
        }
        if (q.destination() != null) {
            sql.append(" and destination = ?");
            args.add(q.destination());
        }
        if (q.accessionNumber() != null) {
            sql.append(" and accession_number = ?");
            args.add(q.accessionNumber());
        }
        if (q.studyInstanceUid() != null) {
            sql.append(" and study_instance_uid = ?");
            args.add(q.studyInstanceUid());
        }
        if (q.channel() != null) {
            sql.append(" and channel = ?");
            args.add(q.channel().name());
        }
        if (q.heldBy() != null) {
            sql.append(" and lease_owner = ? and lease_until > ?");
            args.add(q.heldBy().node());
            args.add(Timestamp.from(q.heldBy().at()));
        }
        sql.append(" order by created desc, id desc limit ").append(q.limit() > 0 ? q.limit() : 1000);
        return jdbc.query(sql.toString(), JOB, args.toArray());
    }

    @Override
    public long count(JobState state) {
        Long n = jdbc.queryForObject("select count(*) from job where state = ?", Long.class, state.name());
        return n == null ? 0 : n;
    }

    @Override
    public List<Job> due(Instant now, int limit) {
        // Two look-ups, each on its own index (job_due, and job_retry_due of V8): an OR of both conditions would
        // make H2 scan the table, and the FAILED jobs without a retry pending are many and never due.
        return jdbc.query("select * from (select * from job where state = 'WAITING' and not_before <= ?"
                + " union all select * from job where state = 'FAILED' and retry_at <= ?) d"
                + " order by not_before, id limit " + limit, JOB, Timestamp.from(now), Timestamp.from(now));
    }

    /**
     * Issue 22. Two steps, so each look-up keeps its own index and the lock takes only what is claimed: the candidates
     * (due as in {@link #due}, and IN_PROGRESS jobs whose lease has passed, on job_lease_expired of V40), then those of
     * them still claimable, locked with {@code FOR UPDATE SKIP LOCKED}: a row another node is claiming is skipped,
     * and a row is re-checked once locked. No LIMIT in the locking query: H2 applies it before skipping. The
     * candidates are a few times the limit, so nodes claiming at once do not all find the same first rows locked and
     * come back empty; what is locked beyond the limit is not claimed, and free again when the unit ends.
     */
    @Override
    public List<Job> claim(Instant now, int limit, String owner, Instant until) {
        Timestamp at = Timestamp.from(now);
        List<Long> candidates = jdbc.queryForList("select id from (select id, not_before from job where state = 'WAITING'"
                + " and not_before <= ? union all select id, not_before from job where state = 'FAILED' and retry_at <= ?"
                + " union all select id, not_before from job where state = 'IN_PROGRESS' and lease_until <= ?) d"
                + " order by not_before, id limit " + limit * CANDIDATES_PER_CLAIM, Long.class, at, at, at);
        if (candidates.isEmpty()) {
            return List.of();
        }
        String ids = String.join(",", candidates.stream().map(String::valueOf).toList());
        List<Long> locked = jdbc.queryForList("select id from job where id in (" + ids + ") and ("
                + "(state = 'WAITING' and not_before <= ? or state = 'FAILED' and retry_at <= ?)"
                + " and (lease_owner is null or lease_until <= ? or lease_owner = ?)"
                + " or state = 'IN_PROGRESS' and lease_until <= ?) order by not_before, id for update skip locked",
                Long.class, at, at, at, owner, at);
        List<Job> claimed = new ArrayList<>();
        for (Long id : locked.subList(0, Math.min(limit, locked.size()))) {
            jdbc.update("update job set lease_owner = ?, lease_until = ? where id = ?", owner, Timestamp.from(until), id);
            find(id).ifPresent(claimed::add);
        }
        return claimed;
    }

    /** How many candidates a claim looks at per job it may claim. */
    private static final int CANDIDATES_PER_CLAIM = 4;

    @Override
    public boolean renewLease(long jobId, String owner, Instant mustOutlast, Instant until) {
        return jdbc.update("update job set lease_until = ? where id = ? and lease_owner = ? and lease_until > ?",
                Timestamp.from(until), jobId, owner, Timestamp.from(mustOutlast)) == 1;
    }

    /** The lease check of a holder's change, in its UPDATE's WHERE clause (issue 22). */
    private static final String HELD = " and lease_owner = ? and lease_until > ?";

    @Override
    public boolean saveLeased(Job job, String owner, Instant mustOutlast, boolean keep) {
        return jdbc.update(con -> {
            var ps = con.prepareStatement("update job set study_instance_uid=?, destination=?, direction=?, state=?,"
                    + " reason=?, accession_number=?, bsn_verdict=?, remark=?, referral_reason=?, attempts=?, not_before=?,"
                    + " created=?, updated=?, retry_at=?, bsn_verdict_sent=?, channel=?"
                    + (keep ? "" : ", lease_owner = null, lease_until = null") + " where id=?" + HELD);
            bind(ps, job);
            ps.setLong(17, job.id());
            ps.setString(18, owner);
            ps.setTimestamp(19, Timestamp.from(mustOutlast));
            return ps;
        }) == 1;
    }

    @Override
    public boolean updateInstanceLeased(JobInstance i, String owner, Instant mustOutlast) {
        int n = jdbc.update("update job_instance set sop_class_uid=?, size=?, status=?, acknowledged=?, committed=?"
                + " where job_id=? and sop_instance_uid=? and version=? and coalesce(digest, '') = ?"
                + " and exists (select 1 from job where id = ?" + HELD + ")", i.sopClassUid(), i.size(), i.status(),
                i.acknowledged(), i.committed(), i.jobId(), i.sopInstanceUid(), i.version(),
                i.digest() == null ? "" : i.digest(), i.jobId(), owner, Timestamp.from(mustOutlast));
        if (n == 1) {
            return true;
        }
        // Nothing updated: the lease is gone, or the instance is not (yet) the job's in this version (as updateInstance).
        if (!holds(i.jobId(), owner, mustOutlast)) {
            return false;
        }
        updateInstance(i);
        return true;
    }

    /**
     * The answer of one instance and the on-the-wire mark of the next as one JDBC batch (issue 22: one round trip for
     * the two). Each statement checks the lease as {@link #updateInstanceLeased} does; one that updated nothing is
     * done again alone, which tells a lost lease from an instance not (yet) the job's in this version.
     */
    @Override
    public boolean updateInstancesLeased(List<JobInstance> instances, String owner, Instant mustOutlast) {
        Timestamp outlast = Timestamp.from(mustOutlast);
        List<Object[]> rows = instances.stream().map(i -> new Object[] {i.sopClassUid(), i.size(), i.status(),
                i.acknowledged(), i.committed(), i.jobId(), i.sopInstanceUid(), i.version(),
                i.digest() == null ? "" : i.digest(), i.jobId(), owner, outlast}).toList();
        int[] counts = jdbc.batchUpdate("update job_instance set sop_class_uid=?, size=?, status=?, acknowledged=?,"
                + " committed=? where job_id=? and sop_instance_uid=? and version=? and coalesce(digest, '') = ?"
                + " and exists (select 1 from job where id = ?" + HELD + ")", rows);
        for (int k = 0; k < instances.size(); k++) {
            // SUCCESS_NO_INFO (-2) would say nothing of the count: done alone, as one that updated nothing.
            if (counts[k] != 1 && !updateInstanceLeased(instances.get(k), owner, mustOutlast)) {
                return false;
            }
        }
        return true;
    }

    private boolean holds(long jobId, String owner, Instant mustOutlast) {
        Long n = jdbc.queryForObject("select count(*) from job where id = ?" + HELD, Long.class, jobId, owner,
                Timestamp.from(mustOutlast));
        return n != null && n > 0;
    }

    @Override
    public List<Job> interrupted(String owner, Instant now) {
        return jdbc.query("select * from job where state = 'IN_PROGRESS' and (lease_owner is null or lease_owner = ?)",
                JOB, owner);
    }

    @Override
    public Optional<String> leaseHolder(long jobId, Instant now) {
        return jdbc.queryForList("select lease_owner from job where id = ? and lease_until > ?", String.class, jobId,
                Timestamp.from(now)).stream().filter(java.util.Objects::nonNull).findFirst();
    }

    @Override
    public java.util.Map<Long, nl.zorgbrug.gateway.job.HeldLease> leases(java.util.Collection<Long> jobIds,
                                                                         Instant now) {
        java.util.Map<Long, nl.zorgbrug.gateway.job.HeldLease> held = new java.util.LinkedHashMap<>();
        List<Long> ids = List.copyOf(jobIds);
        // By primary key, a page of the list at a time (the console shows at most 500 jobs).
        for (int from = 0; from < ids.size(); from += 500) {
            List<Long> page = ids.subList(from, Math.min(ids.size(), from + 500));
            String marks = String.join(",", java.util.Collections.nCopies(page.size(), "?"));
            List<Object> args = new ArrayList<>(page);
            args.add(Timestamp.from(now));
            jdbc.query("select id, lease_owner, lease_until from job where id in (" + marks + ")"
                    + " and lease_owner is not null and lease_until > ?", rs -> {
                        held.put(rs.getLong(1), new nl.zorgbrug.gateway.job.HeldLease(rs.getString(2),
                                rs.getTimestamp(3).toInstant()));
                    }, args.toArray());
        }
        return held;
    }

    @Override
    public List<String> leaseHolders(Instant now) {
        // On the index job_lease_expired (state, lease_until): the jobs in progress whose lease has not passed.
        return jdbc.queryForList("select distinct lease_owner from job where state = 'IN_PROGRESS' and lease_until > ?"
                + " and lease_owner is not null order by lease_owner", String.class, Timestamp.from(now));
    }

    @Override
    public long countHeld(String node, Instant now) {
        Long n = jdbc.queryForObject("select count(*) from job where state = 'IN_PROGRESS' and lease_until > ?"
                + " and lease_owner = ?", Long.class, Timestamp.from(now), node);
        return n == null ? 0 : n;
    }

    @Override
    public void recordPatient(long jobId, String patientName, String patientId) {
        recordPatient(jobId, patientName, patientId, null);
    }

    /** The column job.patient_id_issuer (V50). */
    static final int ISSUER_CHARACTERS = 512;

    @Override
    public void recordPatient(long jobId, String patientName, String patientId, String issuer) {
        // An issuer longer than the column (a Universal Entity ID is UT) is cut: it then matches neither ours nor the
        // BSN OID, so the Patient ID stays another institution's, which it is.
        String kept = issuer == null || issuer.length() <= ISSUER_CHARACTERS ? issuer : issuer.substring(0,
                ISSUER_CHARACTERS);
        if (patientId != null && patientKept(jobId)) {
            return;
        }
        jdbc.update("update job set patient_name = ?, patient_id = ?, patient_id_issuer = ? where id = ?"
                + " and patient_id is null", patientName, patientId, kept, jobId);
        if (patientId != null) {
            // After this unit commits the job's patient_id is not null, whether this statement set it or an earlier
            // one did (it matched no row then); nothing sets it back to null (a merge re-points it to another id).
            afterCommit(() -> keepPatient(jobId));
        }
    }

    /**
     * Jobs whose patient is recorded and committed (issue 22): for these {@link #recordPatient} would update no row,
     * so it sends nothing, where it was one UPDATE per image. Only ids, bounded; a job that fell out costs one UPDATE.
     */
    private final java.util.Map<Long, Boolean> patientsKept = new java.util.LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Long, Boolean> eldest) {
            return size() > PATIENTS_KEPT;
        }
    };

    /** How many jobs {@link #patientsKept} remembers: a few hundred studies arrive at once at most. */
    static final int PATIENTS_KEPT = 4096;

    private boolean patientKept(long jobId) {
        synchronized (patientsKept) {
            return patientsKept.containsKey(jobId);
        }
    }

    private void keepPatient(long jobId) {
        synchronized (patientsKept) {
            patientsKept.put(jobId, Boolean.TRUE);
        }
    }

    /** Runs {@code action} once the transaction running now commits (never if it rolls back); at once without one. */
    private static void afterCommit(Runnable action) {
        if (!org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                new org.springframework.transaction.support.TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        action.run();
                    }
                });
    }

    /** The patients of these jobs, by job id, in one query. */
    @Override
    public java.util.Map<Long, JobPatient> patients(List<Job> jobs) {
        java.util.Map<Long, JobPatient> out = new java.util.HashMap<>();
        if (jobs.isEmpty()) {
            return out;
        }
        String ids = String.join(",", jobs.stream().map(j -> Long.toString(j.id())).toList());
        jdbc.query("select id, patient_name, patient_id, patient_id_issuer, direction from job where id in (" + ids + ")",
                rs -> {
                    out.put(rs.getLong(1), new JobPatient(rs.getString(2), rs.getString(3), rs.getString(4),
                            Direction.valueOf(rs.getString(5))));
                });
        return out;
    }

    @Override
    public List<Job> searchByPatient(JobQuery q, String patient) {
        return query(q, patient);
    }

    @Override
    public void recordEvent(long jobId, String user, String action, String detail, Instant at) {
        jdbc.update("insert into job_event (job_id, user_name, action, detail, at) values (?,?,?,?,?)",
                jobId, user, action, detail, Timestamp.from(at));
    }

    @Override
    public List<HistoryEntry> history(long jobId) {
        return jdbc.query("select at, user_name, action, detail from job_event where job_id = ? order by id",
                (rs, n) -> new HistoryEntry(instant(rs, "at"), rs.getString(2), rs.getString(3), rs.getString(4)), jobId);
    }

    @Override
    public List<String> events(long jobId) {
        return jdbc.query("select user_name, action, detail from job_event where job_id = ? order by id",
                (rs, n) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3), jobId);
    }
}
