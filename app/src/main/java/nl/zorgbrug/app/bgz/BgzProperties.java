package nl.zorgbrug.app.bgz;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

import nl.zorgbrug.app.node.ConfigurationError;
import nl.zorgbrug.bgz.specialism.Specialism;

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
 * @param notice         how the department is told of a received BgZ besides the console and the log: e-mail
 *                       and/or a webhook (none: only those two)
 * @param requestTokenValidity how long a token issued by the consent flow's token endpoint reads (default 15 min):
 *                       another institution asks one per request, so it need not outlive the 27 queries by much
 */
@ConfigurationProperties("zorgbrug.bgz")
public record BgzProperties(List<Token> tokens, Duration requestTimeout, List<Peer> peers, String department,
                            Duration referralTokenValidity, String organisationName, Notice notice,
                            Duration requestTokenValidity) {

    public BgzProperties {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        peers = peers == null ? List.of() : List.copyOf(peers);
        department = department == null || department.isBlank() ? "afdeling Medische Administratie" : department;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
        referralTokenValidity = referralTokenValidity == null ? Duration.ofDays(1) : referralTokenValidity;
        notice = notice == null ? new Notice(null, null, null, 0, null, null) : notice;
        requestTokenValidity = requestTokenValidity == null ? Duration.ofMinutes(15) : requestTokenValidity;
        if (requestTokenValidity.isNegative() || requestTokenValidity.isZero()
                || requestTokenValidity.compareTo(Duration.ofDays(1)) > 0) {
            throw new ConfigurationError("zorgbrug.bgz.request-token-validity", requestTokenValidity.toString(),
                    "a positive duration of at most a day, such as 15m: how long a token of the consent flow reads");
        }
        if (referralTokenValidity.isNegative() || referralTokenValidity.isZero()) {
            throw new IllegalArgumentException("zorgbrug.bgz.referral-token-validity must be positive, not "
                    + referralTokenValidity + ": give how long a receiver may pull a BgZ sent on referral, such as 1d");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("zorgbrug.bgz.request-timeout must be positive, not " + requestTimeout
                    + ": give how long to wait for each BgZ query, such as 30s");
        }
        for (int i = 0; i < peers.size(); i++) {
            peers.get(i).check("zorgbrug.bgz.peers[" + i + "].");
            List<String> codes = peers.get(i).specialisms();
            for (int j = 0; j < codes.size(); j++) {
                specialism("zorgbrug.bgz.peers[" + i + "].specialisms[" + j + "]", codes.get(j));
            }
        }
    }

    /** The specialism of this AGB code, or the start stops naming the key and the codes allowed. */
    static Specialism specialism(String key, String code) {
        return Specialism.byCode(code).orElseThrow(() -> new ConfigurationError(key, code, "an AGB medical "
                + "specialism code (Vektis COD016-VEKT, " + Specialism.SYSTEM + ", docs/bgz.md): "
                + Specialism.codes()));
    }

    /**
     * Another institution's BgZ endpoint.
     *
     * @param institution the key of its entry in the address book (name and URA come from there)
     * @param stu3Base    the base of its BgZ MSZ 2.0 endpoint (FHIR STU3), such as https://host/fhir/stu3
     * @param token       a fixed bearer token it issued us for requesting a patient's BgZ (qualification: such a
     *                    token reads one patient); none and no {@code credential}: requests are refused
     * @param notifyToken the bearer token it issued us for posting a Notified Pull Task (none: no referrals to it)
     * @param specialisms the AGB specialism codes of the departments it takes referrals for, such as 0320 for
     *                    cardiology (none: a referral names the institution as a whole)
     * @param credential  the organisation credential it issued us for its consent flow: each request first asks its
     *                    token endpoint for a token for the patient (OAuth 2.0 client credentials, our URA as client
     *                    id); instead of {@code token}
     * @param tokenEndpoint its token endpoint (default: {@code stu3-base} + {@code /token}, as Zorgbrug serves it)
     */
    public record Peer(String institution, URI stu3Base, String token, String notifyToken, List<String> specialisms,
                       String credential, URI tokenEndpoint) {
        public Peer {
            specialisms = specialisms == null ? List.of() : specialisms.stream().map(String::strip).toList();
            token = token == null || token.isBlank() ? null : token.strip();
            credential = credential == null || credential.isBlank() ? null : credential.strip();
            if (credential != null && tokenEndpoint == null && stu3Base != null) {
                tokenEndpoint = URI.create(stu3Base.toString().replaceAll("/+$", "") + "/token");
            }
        }

        /** Whether requests to it go by its consent flow. */
        public boolean consentFlow() {
            return credential != null;
        }

        /** The start stops naming the key when the way in is unclear (never showing a token or credential). */
        void check(String key) {
            if (token != null && credential != null) {
                throw new ConfigurationError(key + "credential", "(hidden)", "either " + key + "token (a fixed token, for "
                        + "qualification) or " + key + "credential (the consent flow, a token per patient), not both");
            }
            if (tokenEndpoint != null && credential == null) {
                throw new ConfigurationError(key + "token-endpoint", tokenEndpoint.toString(), "only with "
                        + key + "credential, the organisation credential the institution issued this hospital");
            }
            if (tokenEndpoint != null) {
                String scheme = tokenEndpoint.getScheme() == null ? ""
                        : tokenEndpoint.getScheme().toLowerCase(java.util.Locale.ROOT);
                if (!tokenEndpoint.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))
                        || tokenEndpoint.getHost() == null) {
                    throw new ConfigurationError(key + "token-endpoint", tokenEndpoint.toString(), "an absolute "
                            + "http or https URL with a host, such as https://fhir.other-hospital.example/fhir/stu3/token");
                }
            }
        }

        /** The specialisms it takes referrals for, in the order configured (the codes are checked at start). */
        public List<Specialism> accepted() {
            return specialisms.stream().map(c -> Specialism.byCode(c).orElseThrow()).toList();
        }
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
     * @param requester       whether it is the organisation credential of the institution of {@code ura} for the
     *                        consent flow's token endpoint (it reads nothing itself; no {@code bsn}); default false
     */
    public record Token(String token, String bsn, String ura, String institutionType, boolean feed, boolean notifier,
                        boolean requester) {
    }

    /**
     * Telling the department of a received BgZ (issue 19: "Receiving a Task or a BgZ notifies the configured
     * department (console inbox, plus e-mail or webhook)"). What goes out says only what kind of receipt, when, from
     * which institution and where in the console: never a BSN, a name or medical data.
     *
     * @param email      the department's addresses (none: no mail); needs {@code smtp.host}
     * @param webhook    an http(s) URL that gets a small JSON document by POST (none: no webhook)
     * @param consoleUrl the console's address as the department opens it, such as https://zorgbrug.hospital.example;
     *                   required with e-mail or a webhook (the message links to the received BgZ's page there)
     * @param attempts   how often a notice is tried before it is given up and logged (default 3)
     * @param retryDelay the wait before the first retry, doubled for each next one (default 30 s)
     * @param smtp       the mail server for {@code email}
     * @param departments per specialism, who is told of a BgZ received with a referral for that specialism instead
     *                   of {@code email} and {@code webhook} (none: everyone is told by those)
     */
    public record Notice(List<String> email, URI webhook, URI consoleUrl, int attempts, Duration retryDelay,
                         Smtp smtp, List<Department> departments) {
        private static final String KEY = "zorgbrug.bgz.notice.";

        /** Without departments per specialism. */
        public Notice(List<String> email, URI webhook, URI consoleUrl, int attempts, Duration retryDelay, Smtp smtp) {
            this(email, webhook, consoleUrl, attempts, retryDelay, smtp, null);
        }

        @ConstructorBinding
        public Notice {
            email = email == null ? List.of() : email.stream().map(String::strip).toList();
            attempts = attempts == 0 ? 3 : attempts;
            retryDelay = retryDelay == null ? Duration.ofSeconds(30) : retryDelay;
            smtp = smtp == null ? new Smtp(null, 0, null, null, null, null) : smtp;
            departments = departments == null ? List.of() : List.copyOf(departments);
            channels(KEY, email, webhook, smtp);
            java.util.Set<Specialism> seen = java.util.EnumSet.noneOf(Specialism.class);
            for (int i = 0; i < departments.size(); i++) {
                Department d = departments.get(i);
                String key = KEY + "departments[" + i + "].";
                if (!seen.add(specialism(key + "specialism", d.specialism()))) {
                    throw new ConfigurationError(key + "specialism", d.specialism(), "each specialism once in "
                            + KEY + "departments");
                }
                if (!d.any()) {
                    throw new ConfigurationError(key + "email", null, "an e-mail address or a webhook for the"
                            + " department of " + d.specialism() + ": give " + key + "email or " + key + "webhook");
                }
                channels(key, d.email(), d.webhook(), smtp);
            }
            httpUrl(KEY + "console-url", consoleUrl);
            // The fields are set only after this constructor's body: ask the parameters, not any().
            if ((webhook != null || !email.isEmpty() || !departments.isEmpty()) && consoleUrl == null) {
                throw new ConfigurationError(KEY + "console-url", null, "the console's address is needed to link"
                        + " the notice to the received BgZ, such as https://zorgbrug.hospital.example");
            }
            if (attempts < 1 || attempts > 10) {
                throw new ConfigurationError(KEY + "attempts", Integer.toString(attempts), "1 to 10 tries");
            }
            if (retryDelay.isNegative() || retryDelay.isZero()) {
                throw new ConfigurationError(KEY + "retry-delay", retryDelay.toString(), "a positive duration such as 30s");
            }
        }

        /** Whether anyone besides the console and the log is told. */
        public boolean any() {
            return webhook != null || !email.isEmpty() || !departments.isEmpty();
        }

        /** The department of this specialism, if it is told apart. */
        public java.util.Optional<Department> department(Specialism specialism) {
            return specialism == null ? java.util.Optional.empty() : departments.stream()
                    .filter(d -> specialism.code().equals(d.specialism())).findFirst();
        }

        private static void channels(String key, List<String> email, URI webhook, Smtp smtp) {
            for (int i = 0; i < email.size(); i++) {
                try {
                    new jakarta.mail.internet.InternetAddress(email.get(i), true).validate();
                } catch (jakarta.mail.internet.AddressException e) {
                    throw new ConfigurationError(key + "email[" + i + "]", email.get(i),
                            "an e-mail address such as seh-secretariaat@hospital.example (" + e.getMessage() + ")");
                }
            }
            if (!email.isEmpty() && smtp.host() == null) {
                throw new ConfigurationError(KEY + "smtp.host", null, "a mail server is needed to mail "
                        + String.join(", ", email) + ": set the SMTP server's host, or leave out " + key + "email");
            }
            httpUrl(key + "webhook", webhook);
        }

        private static void httpUrl(String key, URI url) {
            if (url == null) {
                return;
            }
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                throw new ConfigurationError(key, url.toString(), "an absolute http or https URL with a host, such as"
                        + " https://alerts.hospital.example/zorgbrug");
            }
        }
    }

    /**
     * The department of one specialism, told of a BgZ received with a referral for it (instead of the general
     * addresses; a referral for another specialism, or for none, goes to those).
     *
     * @param specialism its AGB specialism code, such as 0320 (cardiology)
     * @param name       how the notice names it (default: "afdeling" and the specialism's Dutch name)
     * @param email      its addresses (the general {@code smtp} sends them)
     * @param webhook    its http(s) URL for the JSON notice
     */
    public record Department(String specialism, String name, List<String> email, URI webhook) {
        public Department {
            specialism = specialism == null ? null : specialism.strip();
            email = email == null ? List.of() : email.stream().map(String::strip).toList();
        }

        /** How the notice names it. */
        public String label() {
            return name != null && !name.isBlank() ? name : "afdeling " + Specialism.byCode(specialism)
                    .map(Specialism::dutch).orElse(specialism);
        }

        boolean any() {
            return webhook != null || !email.isEmpty();
        }
    }

    /**
     * @param host     the SMTP server; empty: no mail
     * @param port     default 587 (submission, RFC 6409)
     * @param from     the sender address (default zorgbrug@localhost)
     * @param startTls REQUIRED (default), OPTIONAL or OFF
     */
    public record Smtp(String host, int port, String username, String password, String from,
                       nl.zorgbrug.app.mail.SmtpMail.StartTls startTls) {
        public Smtp {
            host = host == null || host.isBlank() ? null : host.trim();
            port = port == 0 ? 587 : port;
            from = from == null || from.isBlank() ? "zorgbrug@localhost" : from.trim();
            startTls = startTls == null ? nl.zorgbrug.app.mail.SmtpMail.StartTls.REQUIRED : startTls;
            if (port < 1 || port > 65535) {
                throw new ConfigurationError("zorgbrug.bgz.notice.smtp.port", Integer.toString(port), "1-65535");
            }
        }

        @Override
        public String toString() {
            return "Smtp[" + host + ":" + port + ", user " + username + ", STARTTLS " + startTls + "]";
        }
    }
}
