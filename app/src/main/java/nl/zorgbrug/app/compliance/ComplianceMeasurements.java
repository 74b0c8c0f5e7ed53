package nl.zorgbrug.app.compliance;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import nl.zorgbrug.compliance.joblog.JobLogRecorder;
import nl.zorgbrug.compliance.measure.MeasuredObject;
import nl.zorgbrug.compliance.measure.MeasuredStudy;
import nl.zorgbrug.compliance.measure.Measurement;
import nl.zorgbrug.compliance.measure.Period;
import nl.zorgbrug.compliance.measure.StudyMark;
import nl.zorgbrug.gateway.events.EventHub;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.job.Transactions;

/**
 * The measurement over a period, read from {@link JdbcMeasurementStore}, and the marks a person records (each a
 * PersonAction of the gateway's events, so the audit trail has it with who and why).
 */
public class ComplianceMeasurements {
    private final JdbcMeasurementStore store;
    private final EventHub events;
    private final Transactions transactions;
    private final JobRepository jobs;
    private final Clock clock;

    public ComplianceMeasurements(JdbcMeasurementStore store, EventHub events, Transactions transactions,
                                  JobRepository jobs, Clock clock) {
        this.store = store;
        this.events = events;
        this.transactions = transactions;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** The studies received in the period (its days in Europe/Amsterdam), with the marks on them. */
    public Measurement measure(Period period) {
        Instant from = period.from().atStartOfDay(Period.ZONE).toInstant();
        Instant to = period.to().plusDays(1).atStartOfDay(Period.ZONE).toInstant();
        List<MeasuredObject> objects = store.objects(from, to);
        Set<String> studies = objects.stream().map(MeasuredObject::studyInstanceUid).collect(Collectors.toSet());
        List<StudyMark> marks = store.marks().stream().filter(m -> studies.contains(m.studyInstanceUid())).toList();
        return Measurement.of(objects, marks);
    }

    /** Every object of one study with the marks on it, whenever received. */
    public Measurement study(String studyInstanceUid) {
        return Measurement.of(store.study(studyInstanceUid), store.marks().stream()
                .filter(m -> m.studyInstanceUid().equals(studyInstanceUid)).toList());
    }

    /**
     * Names the patients of these studies (their jobs' Patient IDs, completed from the MPI when the event is written)
     * as shown by the request's list or page ({@link nl.zorgbrug.app.access.ShownPatients}, for its audit event; issue
     * 17) and returns the studies as they were.
     */
    public List<MeasuredStudy> shown(List<MeasuredStudy> studies) {
        nl.zorgbrug.app.access.ShownPatients.issued(store.patientIds(studies));
        return studies;
    }

    /** The Patient IDs of the jobs of these studies of one direction, with their issuers (for the audit trail). */
    public java.util.Set<nl.zorgbrug.app.access.ShownPatients.IssuedId> patientIds(
            nl.zorgbrug.gateway.job.Direction direction, java.util.Collection<String> studies) {
        return store.patientIds(direction, studies);
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(Period.ZONE));
    }

    public YearMonth thisMonth() {
        return YearMonth.from(today());
    }

    /** The last {@code days} days up to and including today. */
    public Period lastDays(int days) {
        return new Period(today().minusDays(days - 1L), today());
    }

    /** A person exempts one study with a reason (audited); it is counted apart from the next catch-up on. */
    public void exempt(String studyInstanceUid, String reason, String user) {
        mark(JobLogRecorder.EXEMPT, studyInstanceUid, null, reason, user);
    }

    /** A person marks a job's study as a category-1 emergency with a reason (audited). */
    public Job emergency(long jobId, String reason, String user) {
        Job job = jobs.find(jobId).orElseThrow(() -> new IllegalArgumentException("no job " + jobId
                + "; take the number from the job manager"));
        mark(JobLogRecorder.EMERGENCY, job.studyInstanceUid(), jobId, reason, user);
        return job;
    }

    private void mark(String action, String study, Long jobId, String reason, String user) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a reason is needed: whoever reads the count must see why study "
                    + study + " is left out");
        }
        if (study == null || study.isBlank() || study.length() > 64) {
            throw new IllegalArgumentException("a Study Instance UID is needed (at most 64 characters)");
        }
        transactions.inOne(() -> {
            events.personAction(user, action, reason.trim(), jobId, study, clock.instant());
            return null;
        });
        events.catchUp(nl.zorgbrug.compliance.joblog.JobLogRecorder.SUBSCRIPTION);
    }
}
