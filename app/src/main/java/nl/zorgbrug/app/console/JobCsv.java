package nl.zorgbrug.app.console;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import nl.zorgbrug.bsn.csv.Csv;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobQueries.JobPatient;

/**
 * A job list as CSV (RFC 4180 quoting by the project's one CSV module), one line per job: bsn_verdict is the verdict
 * of what arrived, bsn_verdict_sent of what left after the swap (issue 15; empty until an attempt sent something);
 * node and lease_until: the node holding the job now and until when, local time (issue 22; empty when none does).
 */
final class JobCsv {
    static final List<String> COLUMNS = List.of("id", "state", "direction", "institution", "accession_number",
            "study_instance_uid", "patient_name", "patient_id", "bsn_verdict", "bsn_verdict_sent", "attempts", "created", "updated",
            "reason", "node", "lease_until");

    private JobCsv() {
    }

    /**
     * @param patients as the person may see them (the Patient ID masked unless the role may see BSNs)
     * @param leases   the leases held now, by job id
     */
    static String write(List<Job> jobs, Map<Long, JobPatient> patients,
                        Map<Long, nl.zorgbrug.gateway.job.HeldLease> leases, ConsoleTime time) {
        StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
        for (Job j : jobs) {
            JobPatient p = patients.get(j.id());
            nl.zorgbrug.gateway.job.HeldLease l = leases.get(j.id());
            out.append(Stream.of(String.valueOf(j.id()), j.state().name(), j.direction().name(), j.destination(),
                            j.accessionNumber(), j.studyInstanceUid(), p == null ? null : p.name(),
                            p == null ? null : p.id(), j.bsnVerdict() == null ? null : j.bsnVerdict().name(),
                            j.bsnVerdictSent() == null ? null : j.bsnVerdictSent().name(),
                            String.valueOf(j.attempts()),
                            time.of(j.created()), time.of(j.updated()), j.reason(), l == null ? null : l.node(),
                            l == null ? null : time.of(l.until()))
                    .map(v -> Csv.quote(v == null ? "" : v)).collect(Collectors.joining(","))).append("\r\n");
        }
        return out.toString();
    }
}
