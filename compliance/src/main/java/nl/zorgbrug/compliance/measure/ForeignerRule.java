package nl.zorgbrug.compliance.measure;

import java.util.Optional;
import java.util.Set;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.bsn.identity.PatientId;
import nl.zorgbrug.bsn.identity.PatientIdentity;
import nl.zorgbrug.bsn.mpi.MpiPatient;

/**
 * A foreigner, who rightly has no BSN (issue 18; a BSN is issued to those registered in the BRP or the RNI, Wet
 * algemene bepalingen burgerservicenummer art. 1): only for an object without a BSN (NO_BSN or an exempt verdict,
 * never a misplaced one), and when
 * <ul>
 *   <li>an identifier on the object has one of the configured issuers ({@code zorgbrug.compliance.foreigner-issuers}:
 *       the hospital's issuer of temporary or foreign numbers, a foreign national identity issuer), or</li>
 *   <li>the MPI knows the patient and knows no BSN, and an identifier on the object is foreign or temporary: its issuer
 *       is neither one of the hospital's own issuers nor the BSN's.</li>
 * </ul>
 */
public record ForeignerRule(Set<String> foreignIssuers, Set<String> localIssuers) {
    public ForeignerRule {
        foreignIssuers = Set.copyOf(foreignIssuers);
        localIssuers = Set.copyOf(localIssuers);
    }

    public static ForeignerRule none() {
        return new ForeignerRule(Set.of(), Set.of());
    }

    public boolean applies(Verdict verdict, PatientIdentity identity, Optional<MpiPatient> mpi) {
        if (verdict != Verdict.NO_BSN && !verdict.exempt()) {
            return false;
        }
        for (PatientId id : identity.allIds()) {
            if (id.effectiveIssuer() != null && foreignIssuers.contains(id.effectiveIssuer())) {
                return true;
            }
        }
        if (mpi.isEmpty() || mpi.get().bsn() != null) {
            return false;
        }
        return identity.allIds().stream().map(PatientId::effectiveIssuer).anyMatch(issuer -> issuer != null
                && !localIssuers.contains(issuer) && !Bsn.ISSUER_OID.equals(issuer));
    }
}
