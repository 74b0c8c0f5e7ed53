package nl.zorgbrug.app.access;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.util.AntPathMatcher;

/**
 * Who may do what over HTTP: the one table of the node (issue 17, "least privilege per page and API, enforced in one
 * place"; NEN 7510-2 A.9.4.1, restriction of access to information). Every request goes through {@link #check}: the
 * first {@link Rule} whose method and path match decides; a path no rule names is refused to everyone, so a new
 * endpoint is closed until it is added here. {@code AccessMatrixTest} asks every handler mapping as every role and
 * keeps the matrix in docs/privacy.md equal to this table.
 */
public final class AccessPolicy implements AuthorizationManager<RequestAuthorizationContext> {

    /** The roles a user can have ({@code zorgbrug.users[].roles}, or mapped from an OIDC claim). */
    public enum UserRole {
        /** Configuration, address book, MPI upkeep. */
        ADMIN,
        /** Acts on jobs and the quarantine. */
        OPERATOR,
        /** Looks up whether a study came or went, for a patient in care. */
        CLINICIAN,
        /** Delivery quality: job lists and metrics, no patient search. */
        QUALITY_OFFICER,
        /** The patient's overview (Wabvpz art. 15d), the search of the audit trail, a patient's consents. */
        PRIVACY_OFFICER,
        /** Reads everything, changes nothing; sees BSNs whole. */
        AUDITOR,
        /** Another institution's system pushing over DICOMweb (STOW-RS). */
        SENDER,
        /**
         * The national consent service Mitz telling its notifications of consent changes. Only Mitz's TLS client
         * certificate gets it (SecurityConfiguration's Mitz chain, {@code zorgbrug.consent.mitz-certificate-subject}):
         * no configured user and no role claim may carry it.
         */
        MITZ
    }

    private static final Set<UserRole> STAFF = EnumSet.complementOf(EnumSet.of(UserRole.SENDER, UserRole.MITZ));
    private static final Set<UserRole> ACT = EnumSet.of(UserRole.ADMIN, UserRole.OPERATOR);

    /**
     * The roles that see a BSN whole (issue 17: "the BSN shown whole only to roles that need it"): the auditor, who
     * checks what was exchanged for whom, and the privacy officer, who answers a patient's request by BSN. Everyone
     * else sees it masked (the local patient number identifies the patient at work).
     */
    public static final Set<UserRole> SEE_WHOLE_BSN = EnumSet.of(UserRole.AUDITOR, UserRole.PRIVACY_OFFICER);

    /**
     * One line of the table: requests with this method (null: any) to one of these paths (Ant patterns) are for
     * these roles, or for everyone, logged in or not, when {@code everyone}.
     */
    public record Rule(HttpMethod method, List<String> paths, Set<UserRole> roles, boolean everyone) {
        public boolean allows(Set<UserRole> have, boolean authenticated) {
            return everyone || authenticated && have.stream().anyMatch(roles::contains);
        }
    }

    /** The table, first match wins. docs/privacy.md shows it as a matrix of endpoints and roles. */
    public static final List<Rule> RULES = List.of(
            everyone(null, "/login", "/error", "/actuator/health", "/actuator/health/**", "/webjars/**", "/css/**",
                    "/js/**"),
            // The page a mailed download link opens (issue 21): its recipient is no user of the node, so it is open to
            // everyone, and gives nothing without the link's 256-bit token and its one-time code (DownloadPage).
            everyone(null, "/download/*"),
            rule(HttpMethod.GET, EnumSet.of(UserRole.ADMIN, UserRole.AUDITOR, UserRole.QUALITY_OFFICER),
                    "/actuator/prometheus"),
            // The privacy officer's work: the patient's overview, the trail's search, a patient's consents (checked
            // again in OverviewService and TrailSearch).
            rule(null, EnumSet.of(UserRole.PRIVACY_OFFICER), "/api/privacy/**", "/privacy/**"),
            // Mitz's notifications of consent changes (issue 17), authenticated by Mitz's client certificate.
            rule(HttpMethod.POST, EnumSet.of(UserRole.MITZ), "/mitz/notifications"),
            // Mitz's open question (issue 17): which holders have the patient's consent for this hospital, asked by
            // those who fetch data for care.
            rule(HttpMethod.POST, EnumSet.of(UserRole.ADMIN, UserRole.OPERATOR, UserRole.CLINICIAN),
                    "/api/consent/holders"),
            // Institutions that push over DICOMweb get a user with role SENDER.
            rule(HttpMethod.POST, EnumSet.of(UserRole.SENDER, UserRole.ADMIN, UserRole.OPERATOR), "/dicomweb/**"),
            // WADO-RS of the studies this node registered (issue 20, RAD-107): consumers log in as for the SOAP endpoints.
            rule(HttpMethod.GET, EnumSet.of(UserRole.SENDER, UserRole.ADMIN, UserRole.OPERATOR), "/dicomweb/wado/**"),
            // The XDS registry's SOAP endpoints (issue 20): sources and consumers log in as SENDER.
            rule(null, EnumSet.of(UserRole.SENDER, UserRole.ADMIN, UserRole.OPERATOR), "/services/**"),
            // The address book: all staff read it, ADMIN keeps it; testing a destination (C-ECHO) is for those
            // who act on deliveries too.
            rule(HttpMethod.GET, STAFF, "/api/institutions/**", "/institutions/**"),
            rule(HttpMethod.POST, ACT, "/institutions/*/echo"),
            rule(null, EnumSet.of(UserRole.ADMIN), "/api/institutions/**", "/institutions/**"),
            // The MPI (names, birth dates, BSNs): those who identify patients at work; upkeep is ADMIN's.
            rule(HttpMethod.GET, ACT, "/api/mpi/merges/**", "/mpi/merges"),
            rule(HttpMethod.GET, EnumSet.of(UserRole.ADMIN, UserRole.OPERATOR, UserRole.CLINICIAN, UserRole.AUDITOR),
                    "/api/mpi", "/mpi"),
            rule(HttpMethod.POST, EnumSet.of(UserRole.ADMIN), "/api/mpi/**", "/mpi/**"),
            // The quarantine: the people who resolve it, and the auditor reading; the original object only to those
            // who resolve it.
            rule(HttpMethod.GET, ACT, "/quarantine/items/**", "/quarantine/reject"),
            rule(HttpMethod.GET, EnumSet.of(UserRole.ADMIN, UserRole.OPERATOR, UserRole.AUDITOR), "/quarantine",
                    "/api/quarantine"),
            rule(HttpMethod.POST, ACT, "/quarantine/**", "/api/quarantine/**"),
            // Jobs: read by everyone who follows deliveries, acted on by ADMIN and OPERATOR (the confirmation page
            // of a cancel included).
            rule(HttpMethod.GET, ACT, "/jobs/*/cancel"),
            // The start page: the job list, or, for a person whose roles show no jobs (the privacy officer), a
            // redirect to the start page of their own work (StartPages).
            rule(HttpMethod.GET, STAFF, "/"),
            rule(HttpMethod.GET, EnumSet.of(UserRole.ADMIN, UserRole.OPERATOR, UserRole.CLINICIAN,
                    UserRole.QUALITY_OFFICER, UserRole.AUDITOR), "/", "/jobs/**", "/jobs.csv", "/api/jobs/**"),
            rule(HttpMethod.POST, ACT, "/jobs/**", "/api/jobs/**"),
            // Download links ("DICOM e-mail", issue 21): who was sent which study, read by those who act on deliveries
            // and the auditor; ordering and revoking by those who act.
            rule(HttpMethod.GET, EnumSet.of(UserRole.ADMIN, UserRole.OPERATOR, UserRole.AUDITOR), "/links",
                    "/api/links"),
            rule(HttpMethod.POST, ACT, "/links", "/links/*/revoke", "/api/links", "/api/links/*/revoke"),
            // Measuring BSN compliance (issue 18): read by those who answer for the share; exempting a study or
            // marking a category-1 emergency (with a reason) and sending the sender digests by those who act on it.
            rule(HttpMethod.GET, EnumSet.of(UserRole.ADMIN, UserRole.OPERATOR, UserRole.QUALITY_OFFICER,
                    UserRole.AUDITOR), "/compliance", "/compliance/**", "/api/compliance/**"),
            rule(HttpMethod.POST, EnumSet.of(UserRole.ADMIN, UserRole.OPERATOR, UserRole.QUALITY_OFFICER),
                    "/api/compliance/**"),
            // Received BgZs (issue 19): other institutions' medical data of a patient, read by the clinicians and
            // those who receive it for the department; not by the auditor (the trail shows who opened which).
            rule(HttpMethod.GET, EnumSet.of(UserRole.ADMIN, UserRole.OPERATOR, UserRole.CLINICIAN), "/bgz/received",
                    "/bgz/received/*"),
            // Requesting a patient's BgZ from another institution, sending it with a referral: the clinicians, and
            // those who act for them.
            rule(HttpMethod.POST, EnumSet.of(UserRole.ADMIN, UserRole.OPERATOR, UserRole.CLINICIAN), "/bgz/request",
                    "/bgz/referral", "/bgz/referral/confirm"),
            // Taking a received BgZ over into the own record (issue 19, Verwerkend): a clinical decision about the
            // patient's record, so the clinicians only (not those who receive for the department).
            rule(HttpMethod.POST, EnumSet.of(UserRole.CLINICIAN), "/bgz/received/*/take-over",
                    "/bgz/received/*/take-over/confirm"),
            // The image timeline (issue 20 part 3): a patient's studies across the region, asked of the regional index
            // for a patient in care; the clinicians, and those who act for them.
            rule(HttpMethod.GET, EnumSet.of(UserRole.ADMIN, UserRole.OPERATOR, UserRole.CLINICIAN), "/images",
                    "/images/import", "/api/images/**"),
            // Importing a study from it into the own PACS (after a confirmation page in the console).
            rule(HttpMethod.POST, EnumSet.of(UserRole.ADMIN, UserRole.OPERATOR, UserRole.CLINICIAN), "/images/import",
                    "/api/images/import"),
            // Pages without patient data, for all staff.
            rule(HttpMethod.GET, STAFF, "/status", "/openapi.yaml", "/v3/api-docs", "/v3/api-docs.yaml",
                    "/v3/api-docs/**"));

    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private static Rule rule(HttpMethod method, Set<UserRole> roles, String... paths) {
        return new Rule(method, List.of(paths), Set.copyOf(roles), false);
    }

    private static Rule everyone(HttpMethod method, String... paths) {
        return new Rule(method, List.of(paths), Set.of(), true);
    }

    /** The rule for a request, if any. */
    public static Optional<Rule> ruleFor(String method, String path) {
        return RULES.stream().filter(r -> r.method() == null || r.method().matches(method))
                .filter(r -> r.paths().stream().anyMatch(p -> PATHS.match(p, path))).findFirst();
    }

    /** Whether a user with these roles (authenticated or not) may make this request. */
    public static boolean allows(String method, String path, Set<UserRole> roles, boolean authenticated) {
        return ruleFor(method, path).map(r -> r.allows(roles, authenticated)).orElse(false);
    }

    /** The roles of a logged-in user, from the authorities Spring Security gives (ROLE_ADMIN, ...). */
    public static Set<UserRole> rolesOf(Authentication auth) {
        Set<UserRole> roles = EnumSet.noneOf(UserRole.class);
        if (auth == null) {
            return roles;
        }
        for (GrantedAuthority a : auth.getAuthorities()) {
            Arrays.stream(UserRole.values()).filter(r -> ("ROLE_" + r.name()).equals(a.getAuthority()))
                    .forEach(roles::add);
        }
        return roles;
    }

    /** Whether this user sees BSNs whole ({@link #SEE_WHOLE_BSN}). */
    public static boolean seesWholeBsn(Authentication auth) {
        return rolesOf(auth).stream().anyMatch(SEE_WHOLE_BSN::contains);
    }

    @Override
    public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        HttpServletRequest request = context.getRequest();
        Authentication auth = authentication.get();
        boolean authenticated = auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken);
        return new AuthorizationDecision(allows(request.getMethod(), pathOf(request), rolesOf(auth), authenticated));
    }

    /** The path within the application, as the handler mappings see it (the firewall has refused odd forms). */
    static String pathOf(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.isEmpty() ? "/" : path;
    }
}
