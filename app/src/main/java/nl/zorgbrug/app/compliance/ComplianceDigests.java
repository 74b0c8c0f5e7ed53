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
 */
public class ComplianceDigests {
    private static final Logger LOG = LoggerFactory.getLogger(ComplianceDigests.class);

    private final ComplianceMeasurements measurements;
    private final AddressBook addressBook;
    private final JdbcDigestStore store;
    private final DigestDelivery delivery;
    private final ComplianceProperties.Digest settings;
    private final Clock clock;

    ComplianceDigests(ComplianceMeasurements measurements, AddressBook addressBook, JdbcDigestStore store,
                      DigestDelivery delivery, ComplianceProperties.Digest settings, Clock clock) {
        this.measurements = measurements;
        this.addressBook = addressBook;
        this.store = store;
        this.delivery = delivery;
        this.settings = settings;
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

    /** Makes and delivers the period's digests not made before; returns those made now. */
    public synchronized List<JdbcDigestStore.Kept> make(Period period) {
        List<JdbcDigestStore.Kept> made = new ArrayList<>();
        for (Digest d : SenderDigests.of(measurements.measure(period), period, addressBook::find)) {
            if (store.delivered(d.institution(), period.from(), period.to())) {
                continue;
            }
            String subject = DigestText.subject(d, settings.hospitalName());
            String body = DigestText.body(d, settings.hospitalName());
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
