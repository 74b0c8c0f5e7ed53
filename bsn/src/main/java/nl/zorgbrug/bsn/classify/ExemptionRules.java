package nl.zorgbrug.bsn.classify;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Configurable exemptions for objects that rightly have no BSN: unidentified emergency patients and
 * foreigners without a BSN. {@code temporaryIssuers} are issuers of temporary IDs (an object whose
 * Patient ID comes from one is exempt); {@code namePatterns} match Patient's Name (e.g. "^ONBEKEND.*"
 * for the names given to unidentified patients). {@code localIssuers} are the hospital's own issuers,
 * so a local number that happens to pass the 11-proof is not taken for a BSN with a wrong issuer.
 */
public record ExemptionRules(Set<String> localIssuers, Set<String> temporaryIssuers, List<Pattern> namePatterns) {
    public ExemptionRules {
        localIssuers = Set.copyOf(localIssuers);
        temporaryIssuers = Set.copyOf(temporaryIssuers);
        namePatterns = List.copyOf(namePatterns);
    }

    public static ExemptionRules none() {
        return new ExemptionRules(Set.of(), Set.of(), List.of());
    }
}
