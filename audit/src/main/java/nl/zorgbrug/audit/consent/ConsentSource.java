package nl.zorgbrug.audit.consent;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Where consent is looked up: the node's own register ({@link ConsentRegister}, the default) or Mitz
 * (mitz.MitzConsentSource). Asked only for the categories that shielding left.
 */
public interface ConsentSource {
    Map<DataCategory, CategoryDecision> decide(ConsentRequest request, Set<DataCategory> categories, Instant now);
}
