package nl.zorgbrug.app.jobs;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.security.core.Authentication;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.gateway.job.JobQueries.JobPatient;

/**
 * Patient IDs shown to people: a BSN whole only for roles that may see it (AccessPolicy.SEE_WHOLE_BSN), masked for the rest,
 * since an ID may be a BSN (import jobs) and a BSN is only shown on a legal basis.
 */
public final class JobPatients {
    private JobPatients() {
    }

    public static boolean maySeeBsn(Authentication auth) {
        return auth != null && nl.zorgbrug.app.access.AccessPolicy.seesWholeBsn(auth);
    }

    /**
     * Names the jobs' patients as shown by the request's list ({@link nl.zorgbrug.app.access.ShownPatients}, for
     * its audit event) and returns them as they were.
     */
    public static Map<Long, JobPatient> shown(Map<Long, JobPatient> patients) {
        nl.zorgbrug.app.access.ShownPatients.issued(patients.values().stream()
                .filter(p -> p.id() != null && !p.id().isBlank())
                .map(p -> new nl.zorgbrug.app.access.ShownPatients.IssuedId(p.id(), p.issuer(), p.direction()))
                .toList());
        return patients;
    }

    public static Map<Long, JobPatient> view(Map<Long, JobPatient> patients,
                                                        Authentication auth) {
        if (maySeeBsn(auth)) {
            return patients;
        }
        Map<Long, JobPatient> masked = new LinkedHashMap<>();
        // Only a value that is a BSN (passes the 11-proof) is masked; local patient numbers are shown.
        patients.forEach((id, p) -> masked.put(id, new JobPatient(p.name(),
                p.id() != null && Bsn.isValid(p.id()) ? Bsn.mask(p.id()) : p.id(), p.issuer(), p.direction())));
        return masked;
    }
}
