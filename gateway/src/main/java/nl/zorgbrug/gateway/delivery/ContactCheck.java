package nl.zorgbrug.gateway.delivery;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.Verification;
import nl.zorgbrug.gateway.addressbook.DicomEndpoint;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobQuery;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.job.JobState;

/**
 * Whether a destination answers, for a person at the console (issue 15): a C-ECHO (Verification, PS3.4 Annex A)
 * to its DICOM endpoint over the same connector delivery uses (TLS when the entry says so), and the last time a
 * delivery to it succeeded (the newest DONE job), so one look tells whether it is down now and since when.
 */
public final class ContactCheck {
    private final String callingAeTitle;
    private final Connector plain;
    private final Connector tls;
    private final JobRepository jobs;
    private final Clock clock;

    /** @param tls the connector for TLS endpoints; null when the node has no TLS configured */
    public ContactCheck(String callingAeTitle, Connector plain, Connector tls, JobRepository jobs, Clock clock) {
        this.callingAeTitle = callingAeTitle;
        this.plain = plain;
        this.tls = tls;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** The answer to one C-ECHO: the status, or what went wrong, and how long it took. */
    public record Echo(boolean success, String detail, Duration took) {
    }

    /** Sends a C-ECHO to the institution's DICOM endpoint. Never throws: a failure is an answer too. */
    public Echo echo(Institution institution) {
        Optional<DicomEndpoint> endpoint = institution.dicom();
        if (endpoint.isEmpty()) {
            return new Echo(false, "institution '" + institution.key() + "' has no DICOM endpoint to echo",
                    Duration.ZERO);
        }
        DicomEndpoint to = endpoint.get();
        if (to.tls() && tls == null) {
            return new Echo(false, "the endpoint uses TLS but this node has no TLS configured"
                    + " (zorgbrug.gateway.tls)", Duration.ZERO);
        }
        long start = System.nanoTime();
        try {
            Status status = Verification.echo(to.tls() ? tls : plain, callingAeTitle, to.aeTitle(), to.host(),
                    to.port());
            return new Echo(status.isSuccess(), status.toString(), Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException | RuntimeException e) {
            return new Echo(false, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(),
                    Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** When a delivery to the institution last succeeded, within the last year. */
    public Optional<Instant> lastSuccessfulDelivery(String institutionKey) {
        Instant now = clock.instant();
        return jobs.search(new JobQuery(now.minus(Duration.ofDays(366)), now, JobState.DONE, null, institutionKey,
                null, null, 1)).stream().map(Job::updated).findFirst();
    }
}
