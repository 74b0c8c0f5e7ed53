package nl.zorgbrug.app.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;

import nl.zorgbrug.app.audit.AuditConfiguration.AuditActors;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Peer;
import nl.zorgbrug.audit.trail.AuditLog;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.gateway.job.RetryPolicy;
import nl.zorgbrug.registry.consumer.IndexedDocument;
import nl.zorgbrug.registry.consumer.StudyImport;

/**
 * Imports from the image timeline as jobs (issue 20 part 3): a person's confirmed import is kept (V65) before its first
 * attempt; a worker runs each due one ({@link StudyImport}) and retries it with the node's backoff
 * ({@code zorgbrug.retry.*}) while the repository or the source cannot be reached; one that needs a person is HELD with
 * the reason. Kept rows that were due when the node stopped are taken up again at start: nothing is lost, and the
 * instances an attempt handed to the import route (V74, recorded right after the route took each) are not fetched
 * again by the next: fetched again, an instance differs from the first copy (the source's swap stamps the time of the
 * retrieval), and the gateway would send it to the PACS a second time as a corrected version. The one instance in hand
 * when the node stopped (V75) is fetched again only if the gateway's own record shows its import route never took it.
 * Each finished attempt is a RETRIEVE of the person who asked in the audit trail (NEN 7513), with the study, the source
 * and the counts.
 */
public final class ImageImports implements AutoCloseable {
    /** The admission of an instance the import has in hand (V75): marked before the route gets it. */
    static final String HANDING = "HANDING";

    public enum State { WAITING, DONE, HELD }

    /** One import as kept. */
    public record ImageImport(long id, String studyInstanceUid, Bsn bsn, String localId, IndexedDocument manifest,
                              String requestedBy, Instant requestedAt, State state, int attempts, Instant nextAttempt,
                              String reason, int instances, int imported, int quarantined) {
    }

    private final JdbcTemplate jdbc;
    private final StudyImport importer;
    private final RouteRecord route;
    private final RetryPolicy retry;
    private final AuditLog trail;
    private final AuditActors actors;
    private final Clock clock;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "image-import");
        t.setDaemon(true);
        return t;
    });

    ImageImports(JdbcTemplate jdbc, StudyImport importer, RouteRecord route, RetryPolicy retry, AuditLog trail,
                 AuditActors actors, Clock clock) {
        this.jdbc = jdbc;
        this.importer = importer;
        this.route = route;
        this.retry = retry;
        this.trail = trail;
        this.actors = actors;
        this.clock = clock;
    }

    void start() {
        worker.scheduleWithFixedDelay(this::runDue, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    /** Keeps a confirmed import, due at once; its id. */
    public long request(Bsn bsn, String localId, String studyInstanceUid, IndexedDocument manifest, String user) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update(c -> {
            var ps = c.prepareStatement("insert into xds_image_import (study_instance_uid, bsn, local_id,"
                    + " document_unique_id, repository_unique_id, home_community_id, source_patient_id,"
                    + " source_patient_issuer, requested_by, requested_at, state, next_attempt)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'WAITING', ?)", new String[] {"id"});
            ps.setString(1, studyInstanceUid);
            ps.setString(2, bsn.value());
            ps.setString(3, localId);
            ps.setString(4, manifest.uniqueId());
            ps.setString(5, manifest.repositoryUniqueId());
            ps.setString(6, manifest.homeCommunityId());
            ps.setString(7, manifest.sourcePatientId());
            ps.setString(8, manifest.sourcePatientIssuer());
            ps.setString(9, user);
            ps.setTimestamp(10, now);
            ps.setTimestamp(11, now);
            return ps;
        }, key);
        return key.getKey().longValue();
    }

    public Optional<ImageImport> find(long id) {
        return jdbc.query("select * from xds_image_import where id = ?", ImageImports::row, id).stream().findFirst();
    }

    /** What the gateway's import route holds, by its own tables (IntakeImportRoute). */
    @FunctionalInterface
    interface RouteRecord {
        /** Whether the route took instance {@code sop} of {@code study}: IMPORTED (a job), QUARANTINED; or empty. */
        Optional<StudyImport.Admission> took(String study, String sop);
    }

    /**
     * What import {@code id} handed to the import route in its earlier attempts (V74), and the instance it had in hand
     * when the node stopped (V75: admission {@value #HANDING}, written before the route is given the instance and
     * replaced by what the route did once it took it). The route's unit of work and these rows are separate
     * transactions; for an instance left in hand the route's own record ({@link RouteRecord}) decides.
     */
    private StudyImport.Progress progress(long id, String study) {
        return new StudyImport.Progress() {
            @Override
            public Map<String, StudyImport.Admission> handed() {
                Map<String, StudyImport.Admission> handed = new HashMap<>();
                jdbc.query("select sop_instance_uid, admission from xds_image_import_instance where import_id = ? and"
                        + " admission <> ?", rs -> {
                            handed.put(rs.getString(1), StudyImport.Admission.valueOf(rs.getString(2)));
                        }, id, HANDING);
                return handed;
            }

            @Override
            public void handed(String sopInstanceUid, StudyImport.Admission admission) {
                // The row in hand becomes the route's admission; without one (never marked), a new row. No failing
                // statement: a row already handed (an earlier attempt's) stays as it is.
                if (jdbc.update("update xds_image_import_instance set admission = ? where import_id = ? and"
                        + " sop_instance_uid = ? and admission = ?", admission.name(), id, sopInstanceUid, HANDING) == 0) {
                    jdbc.update("insert into xds_image_import_instance (import_id, sop_instance_uid, admission) select"
                            + " ?, ?, ? where not exists (select 1 from xds_image_import_instance where import_id = ?"
                            + " and sop_instance_uid = ?)", id, sopInstanceUid, admission.name(), id, sopInstanceUid);
                }
            }

            @Override
            public Set<String> handing() {
                return new HashSet<>(jdbc.queryForList("select sop_instance_uid from xds_image_import_instance where"
                        + " import_id = ? and admission = ?", String.class, id, HANDING));
            }

            @Override
            public void handing(String sopInstanceUid) {
                jdbc.update("insert into xds_image_import_instance (import_id, sop_instance_uid, admission) select"
                        + " ?, ?, ? where not exists (select 1 from xds_image_import_instance where import_id = ? and"
                        + " sop_instance_uid = ?)", id, sopInstanceUid, HANDING, id, sopInstanceUid);
            }

            @Override
            public Optional<StudyImport.Admission> takenByRoute(String sopInstanceUid) {
                return route.took(study, sopInstanceUid);
            }
        };
    }

    /** Runs every due import once; what the worker does every second. */
    void runDue() {
        try {
            List<ImageImport> due = jdbc.query("select * from xds_image_import where state = 'WAITING' and"
                    + " next_attempt <= ? order by id", ImageImports::row, Timestamp.from(clock.instant()));
            for (ImageImport i : due) {
                attempt(i);
            }
        } catch (RuntimeException e) {
            System.getLogger(ImageImports.class.getName()).log(System.Logger.Level.WARNING,
                    "image imports: " + e.getMessage(), e);
        }
    }

    private void attempt(ImageImport i) {
        StudyImport.Result r = importer.attempt(new StudyImport.Request(i.bsn(), i.studyInstanceUid(), i.manifest()),
                progress(i.id(), i.studyInstanceUid()));
        int attempts = i.attempts() + 1;
        Instant now = clock.instant();
        State state;
        Instant next = null;
        String reason = r.reason();
        if (r.outcome() == StudyImport.Outcome.DONE) {
            state = State.DONE;
        } else if (r.outcome() == StudyImport.Outcome.HELD || retry.exhausted(attempts)) {
            state = State.HELD;
            if (r.outcome() == StudyImport.Outcome.RETRY) {
                reason = "RETRIES_EXHAUSTED after " + attempts + " attempts: " + reason;
            }
        } else {
            state = State.WAITING;
            next = now.plus(retry.delayAfter(attempts));
            reason = reason + "; automatic retry " + attempts + " of " + retry.maxAttempts() + " at " + next;
        }
        jdbc.update("update xds_image_import set state = ?, attempts = ?, next_attempt = ?, reason = ?, instances = ?,"
                        + " imported = ?, quarantined = ?, finished = ? where id = ?", state.name(), attempts,
                next == null ? null : Timestamp.from(next), reason == null ? null : truncate(reason), r.instances(),
                r.imported(), r.quarantined(), state == State.WAITING ? null : Timestamp.from(now), i.id());
        if (r.instances() > 0 || state != State.WAITING) {
            trail.record(AuditEvent.of(EventType.RETRIEVE, actors.person(i.requestedBy()), now)
                    .outcome(state == State.DONE && r.quarantined() == 0 ? Outcome.SUCCESS : Outcome.MINOR_FAILURE)
                    .patient(PatientRef.of(i.bsn())).object(ObjectRef.study(i.studyInstanceUid()))
                    .source(Peer.named("repository " + i.manifest().repositoryUniqueId()))
                    .detail("image import " + i.id() + " (attempt " + attempts + "): " + state + ", " + r.instances()
                            + " instances, " + r.imported() + " to the import route, " + r.quarantined()
                            + " quarantined" + (reason == null ? "" : "; " + reason)).build());
        }
    }

    private static String truncate(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
    }

    private static ImageImport row(ResultSet rs, int n) throws SQLException {
        Timestamp next = rs.getTimestamp("next_attempt");
        return new ImageImport(rs.getLong("id"), rs.getString("study_instance_uid"), Bsn.parse(rs.getString("bsn")),
                rs.getString("local_id"), new IndexedDocument(rs.getString("document_unique_id"),
                rs.getString("repository_unique_id"), rs.getString("home_community_id"), "application/dicom", null,
                rs.getString("source_patient_id"), rs.getString("source_patient_issuer")),
                rs.getString("requested_by"), rs.getTimestamp("requested_at").toInstant(),
                State.valueOf(rs.getString("state")), rs.getInt("attempts"), next == null ? null : next.toInstant(),
                rs.getString("reason"), rs.getInt("instances"), rs.getInt("imported"), rs.getInt("quarantined"));
    }
}
