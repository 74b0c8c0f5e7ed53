package nl.zorgbrug.bgz.testscript;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nl.zorgbrug.audit.consent.ConsentRecord;
import nl.zorgbrug.audit.consent.ConsentStore;
import nl.zorgbrug.audit.consent.Purpose;
import nl.zorgbrug.audit.consent.Scope;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.bgz.access.AccessToken;
import nl.zorgbrug.bsn.Bsn;

/**
 * The fixed tokens the Nictiz TestScripts send (declared as TestScript variables) and the consents the qualification
 * patients need: patients A and B (Cert) and C and D (Test) with their BSNs from the fixtures; E, F and G only appear
 * in the Cert load script's purge, so their tokens may feed but read nobody.
 */
public final class QualificationSetup {
    /** The requesting organisation the test tokens act for (a made-up URA). */
    public static final Ura REQUESTER = new Ura("90000123");
    public static final String HOSPITAL = "V4";

    /** Token and BSN per patient, as in the TestScripts and fixtures. */
    public static final Map<String, String[]> PATIENTS = Map.of(
            "A", new String[] {"2ecadd10-f520-49aa-bb29-551120325ec7", "999909587"},
            "B", new String[] {"9a472b6d-da84-4e4c-9ab5-9bab46aad0e7", "999911259"},
            "C", new String[] {"ed6287ff-0ac9-440d-b779-83d17035b61c", "999901370"},
            "D", new String[] {"11f9c17a-1094-4c40-8deb-0e6a4087a71a", "999901497"});
    private static final List<String> FEED_ONLY = List.of("9c4f2a7d-6b13-4e58-b2a1-8f7d3c90e6ab",
            "bf06e5ef-1a89-4035-b9d2-b6a5ea4be92f", "f1e2ccd9-ad09-4961-aeb3-5222b63b6128");

    private QualificationSetup() {
    }

    public static List<AccessToken> tokens() {
        List<AccessToken> out = new ArrayList<>();
        PATIENTS.forEach((p, t) -> out.add(new AccessToken(t[0], Bsn.parse(t[1]), REQUESTER, HOSPITAL, true)));
        FEED_ONLY.forEach(t -> out.add(new AccessToken(t, null, null, null, true)));
        return out;
    }

    public static Bsn bsn(String patient) {
        return Bsn.parse(PATIENTS.get(patient)[1]);
    }

    public static String token(String patient) {
        return PATIENTS.get(patient)[0];
    }

    /** Each qualification patient consented to the BgZ on request for the requesting organisation. */
    public static void consent(ConsentStore store, Instant from) {
        PATIENTS.forEach((p, t) -> store.save(new ConsentRecord("consent-" + p, Bsn.parse(t[1]),
                Purpose.BGZ_ON_REQUEST, true, new Scope.OneInstitution(REQUESTER), Set.of(), from, null,
                new ConsentRecord.Recording(ConsentRecord.Method.WRITTEN, "test", from), null)));
    }
}
