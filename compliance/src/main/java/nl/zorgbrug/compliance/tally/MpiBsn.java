package nl.zorgbrug.compliance.tally;

import java.util.Optional;

/** The BSN the hospital's MPI knows for a patient number and its issuer, for the remediation list. */
@FunctionalInterface
public interface MpiBsn {
    Optional<String> of(String patientId, String issuer);

    static MpiBsn none() {
        return (patientId, issuer) -> Optional.empty();
    }
}
