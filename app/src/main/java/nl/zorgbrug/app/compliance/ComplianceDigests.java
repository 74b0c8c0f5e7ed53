package nl.zorgbrug.app.compliance;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.zorgbrug.compliance.feedback.Digest;
import nl.zorgbrug.compliance.feedback.DigestText;
import nl.zorgbrug.compliance.feedback.SenderDigests;
import nl.zorgbrug.compliance.measure.Period;
import nl.zorgbrug.gateway.addressbook.AddressBook;

/**
 * Sender feedback (issue 18): the digests of a period, one per sending institution with studies whose BSN was not
 * correct, each delivered (mail or file) and kept with its result. A period's digest for an institution is delivered
 * once; a failed delivery is kept and tried again at the next run. The automatic run makes those of the last complete
 * period.
 *
 * <p>A digest names no patient, but it names the studies that were wrong (Study Instance UID, date, modality), which
 * are patients' data: so before it leaves, its sending is in the audit trail (issue 17, NEN 7513: every disclosure of
 * patient data, naming the patients) as EXPORT_REPORT by whoever made it (the person through the API, the node in the
 * automatic run), to the institution, with the studies and the patients of their import jobs (ours through the MPI,
 * another institution's Patient ID as it came, {@link nl.zorgbrug.app.audit.PatientIds}), at most
 * {@link #STUDIES_PER_EVENT} studies per event. A digest whose event cannot be written is not sent.
 */
public class ComplianceDigests {
    private static final Logger LOG = LoggerFactory.getLogger(ComplianceDigests.class);
    /** Studies (and so patients) named in one event, as the lists' events (PatientDataAuditor: 200 patients). */
    static final int STUDIES_PER_EVENT = 200;

    private final ComplianceMeasurements measurements;
    private final AddressBook addressBook;
    private final JdbcDigestStore store;
    private final DigestDelivery delivery;
    private final ComplianceProperties.Digest settings;
    private final nl.zorgbrug.audit.trail.AuditLog audit;
    private final nl.zorgbrug.app.audit.PatientIds patientIds;
    private final nl.zorgbrug.audit.event.Actor node;
    private final Clock clock;

    ComplianceDigests(ComplianceMeasurements measurements, AddressBook addressBook, JdbcDigestStore store,
                      DigestDelivery delivery, ComplianceProperties.Digest settings,
                      nl.zorgbrug.audit.trail.AuditLog audit, nl.zorgbrug.app.audit.PatientIds patientIds,
                      nl.zorgbrug.audit.event.Actor node, Clock clock) {
        this.measurements = measurements;
        this.addressBook = addressBook;
        this.store = store;
        this.delivery = delivery;
        this.settings = settings;
        this.audit = audit;
        this.patientIds = patientIds;
        this.node = node;
        this.clock = clock;
    }

    /** The last complete period (ISO week or month) before today, Europe/Amsterdam. */
    public Period lastComplete() {
        LocalDate today = measurements.today();
        if (settings.period() == ComplianceProperties.DigestPeriod.MONTHLY) {
            YearMonth last = YearMonth.from(today).minusMonths(1);
            return new Period(last.atDay(1), last.atEndOfMonth());
        }
        LocalDate monday = today.with(DayOfWeek.MONDAY).minusWeeks(1);
        return new Period(monday, monday.plusDays(6));
    }

    /** Makes and delivers the period's digests not made before, as the node; returns those made now. */
    public List<JdbcDigestStore.Kept> make(Period period) {
        return make(period, node);
    }

    /** Makes and delivers the period's digests not made before, by {@code by}; returns those made now. */
    public synchronized List<JdbcDigestStore.Kept> make(Period period, nl.zorgbrug.audit.event.Actor by) {
        List<JdbcDigestStore.Kept> made = new ArrayList<>();
        for (Digest d : SenderDigests.of(measurements.measure(period), period, addressBook::find)) {
            if (store.delivered(d.institution(), period.from(), period.to())) {
                continue;
            }
            String subject = DigestText.subject(d, settings.hospitalName());
            String body = DigestText.body(d, settings.hospitalName());
            audit.recordAll(sending(d, by));
            DigestDelivery.Result r = delivery.deliver(d, subject, body);
            store.save(d.institution(), period.from(), period.to(), clock.instant(), d.contact(), subject, body,
                    d.lines().size(), r.outcome().name(), r.detail());
            if (r.outcome() == DigestDelivery.Outcome.FAILED) {
                LOG.warn("compliance: the digest for {} over {} was not delivered: {}", d.institution(), period, r.detail());
            } else {
                LOG.info("compliance: digest for {} over {} {}", d.institution(), period, r.detail());
            }
            store.list(d.institution()).stream().filter(k -> k.from().equals(period.from())
                    && k.to().equals(period.to())).findFirst().ifPresent(made::add);
        }
        return made;
    }

    /** The digest's sending in the trail: its studies and their patients, to the institution. */
    private List<nl.zorgbrug.audit.event.AuditEvent> sending(Digest d, nl.zorgbrug.audit.event.Actor by) {
        List<String> studies = d.lines().stream().map(Digest.Line::studyInstanceUid).toList();
        List<nl.zorgbrug.audit.event.AuditEvent> events = new ArrayList<>();
        int parts = Math.max(1, (studies.size() + STUDIES_PER_EVENT - 1) / STUDIES_PER_EVENT);
        for (int part = 0; part < parts; part++) {
            List<String> these = studies.subList(part * STUDIES_PER_EVENT,
                    Math.min(studies.size(), (part + 1) * STUDIES_PER_EVENT));
            java.util.Set<nl.zorgbrug.audit.event.ObjectRef> patients = new java.util.LinkedHashSet<>();
            measurements.patientIds(nl.zorgbrug.gateway.job.Direction.IMPORT, these)
                    .forEach(id -> patients.add(patientIds.of(id)));
            nl.zorgbrug.audit.event.AuditEvent.Builder e = nl.zorgbrug.audit.event.AuditEvent
                    .of(nl.zorgbrug.audit.event.EventType.EXPORT_REPORT, by, clock.instant())
                    .destination(nl.zorgbrug.audit.event.Peer.named(d.institution()))
                    .detail("compliance digest for " + d.institution() + " over " + d.period().from() + " to "
                            + d.period().to() + ", " + (d.contact() == null ? "as a file" : "by e-mail") + ": "
                            + these.size() + " studies, " + patients.size() + " patients"
                            + (parts > 1 ? " (part " + (part + 1) + " of " + parts + ")" : ""));
            these.forEach(uid -> e.object(nl.zorgbrug.audit.event.ObjectRef.study(uid)));
            patients.forEach(e::object);
            events.add(e.build());
        }
        return events;
    }

    /**
     * Names the patients of the studies a kept digest's text names, for the event of the request that shows it
     * ({@link nl.zorgbrug.app.access.ShownPatients}), and returns the digest.
     */
    public JdbcDigestStore.Kept shown(JdbcDigestStore.Kept kept) {
        nl.zorgbrug.app.access.ShownPatients.issued(measurements.patientIds(nl.zorgbrug.gateway.job.Direction.IMPORT,
                DigestText.studies(kept.body())));
        return kept;
    }

    public List<JdbcDigestStore.Kept> list(String institution) {
        return store.list(institution);
    }

    public java.util.Optional<JdbcDigestStore.Kept> find(long id) {
        return store.find(id);
    }

    /** The automatic run: the last complete period's digests, when not made yet. */
    void automatic() {
        try {
            make(lastComplete());
        } catch (RuntimeException e) {
            LOG.error("compliance: making the digests of {} failed; the next hourly run tries again: {}", lastComplete(),
                    e.getMessage(), e);
        }
    }
}
