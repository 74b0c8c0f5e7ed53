package nl.zorgbrug.app.bgz;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code zorgbrug.bgz.*} settings (issue 19, docs/bgz.md, docs/operations.md).
 *
 * @param tokens         the fixed bearer tokens: for qualification (the Nictiz TestScripts send one per patient) and
 *                       for the EPD that feeds the store; none configured: every request but {@code metadata} is
 *                       refused (401)
 * @param requestTimeout how long the requesting role waits for each query's answer from another institution
 *                       (default 30 s); a query without an answer in time is reported as failed, never as empty
 * @param peers          the BgZ endpoints of institutions in the address book (by their key): where to request or
 *                       pull their BgZ, and where to send them a Notified Pull Task
 * @param department     who is told of a received BgZ (the name the console notice and the log line give)
 * @param referralTokenValidity how long the receiver of a BgZ sent on referral may pull it with the Task's token
 *                       (default 1 day)
 * @param organisationName this hospital's name as a Task it sends names it (default: the node's name)
 */
@ConfigurationProperties("zorgbrug.bgz")
public record BgzProperties(List<Token> tokens, Duration requestTimeout, List<Peer> peers, String department,
                            Duration referralTokenValidity, String organisationName) {

    public BgzProperties {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        peers = peers == null ? List.of() : List.copyOf(peers);
        department = department == null || department.isBlank() ? "afdeling Medische Administratie" : department;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
        referralTokenValidity = referralTokenValidity == null ? Duration.ofDays(1) : referralTokenValidity;
        if (referralTokenValidity.isNegative() || referralTokenValidity.isZero()) {
            throw new IllegalArgumentException("zorgbrug.bgz.referral-token-validity must be positive, not "
                    + referralTokenValidity + ": give how long a receiver may pull a BgZ sent on referral, such as 1d");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("zorgbrug.bgz.request-timeout must be positive, not " + requestTimeout
                    + ": give how long to wait for each BgZ query, such as 30s");
        }
    }

    /**
     * Another institution's BgZ endpoint.
     *
     * @param institution the key of its entry in the address book (name and URA come from there)
     * @param stu3Base    the base of its BgZ MSZ 2.0 endpoint (FHIR STU3), such as https://host/fhir/stu3
     * @param token       the bearer token it issued us for requesting a patient's BgZ (none: requests are refused)
     * @param notifyToken the bearer token it issued us for posting a Notified Pull Task (none: no referrals to it)
     */
    public record Peer(String institution, URI stu3Base, String token, String notifyToken) {
    }

    /**
     * One token.
     *
     * @param token           the bearer value
     * @param bsn             the patient it reads (none: a feed-only token)
     * @param ura             the requesting organisation it acts for (required with a BSN)
     * @param institutionType that organisation's institution type, as the consent scopes name it (default V4)
     * @param feed            whether it may feed the store (PUT, transaction, $purge); default false
     * @param notifier        whether the institution of {@code ura} may post Notified Pull Tasks with it (a referral
     *                        to us); default false
     */
    public record Token(String token, String bsn, String ura, String institutionType, boolean feed, boolean notifier) {
    }
}
