package nl.zorgbrug.app.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import nl.zorgbrug.app.access.AccessPolicy;
import nl.zorgbrug.app.node.NodeProperties;

/**
 * Login for every page and API except health (issue 5); who may do what once logged in is {@link AccessPolicy}'s
 * table (issue 17), the roles are {@link AccessPolicy.UserRole}.
 */
@Configuration
public class SecurityConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

    /**
     * What a browser may load on our pages: only from the node itself, no inline script, not framed by another
     * site (clickjacking). The console needs nothing more (its only script is htmx, served from /webjars).
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /**
     * The BgZ FHIR endpoints (issue 19) are for other institutions' systems, not for console users: they carry
     * their own bearer token, checked per request by the endpoint (bound to one patient and one organisation), with
     * no session and no cookie, so no CSRF token either. The console's login does not apply to them.
     */
    @Bean
    @org.springframework.core.annotation.Order(1)
    SecurityFilterChain fhirChain(HttpSecurity http) throws Exception {
        http.securityMatcher(request -> request.getServletPath().startsWith("/fhir/"))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(
                        org.springframework.security.config.http.SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers.frameOptions(frame -> frame.deny()).contentTypeOptions(Customizer.withDefaults()));
        return http.build();
    }

    @Bean
    SecurityFilterChain filterChain(HttpSecurity http,
                                    org.springframework.beans.factory.ObjectProvider<ClientRegistrationRepository> provider,
                                    org.springframework.beans.factory.ObjectProvider<HospitalUserService> hospitalUsers,
                                    ApplicationEventPublisher events) throws Exception {
        ClientRegistrationRepository hospital = provider.getIfAvailable();
        if (hospital != null) {
            // Beside the local users: the hospital's identity provider, OpenID Connect's authorization code flow
            // (issue 17). The login page links to /oauth2/authorization/hospital; the provider sends the browser
            // back to /login/oauth2/code/hospital. Both are handled by these filters before AccessPolicy is asked.
            http.oauth2Login(oidc -> oidc.loginPage("/login").clientRegistrationRepository(hospital)
                    .userInfoEndpoint(info -> info.oidcUserService(hospitalUsers.getObject()))
                    .defaultSuccessUrl("/", false)
                    .failureHandler(OidcConfiguration.refused(events)));
        }
        http.authorizeHttpRequests(auth -> auth
                        // Error pages say nothing but the status in a sentence; the request that failed was checked.
                        .dispatcherTypeMatchers(jakarta.servlet.DispatcherType.ERROR).permitAll()
                        // Everything else: the one table of who may do what (issue 17).
                        .anyRequest().access(new AccessPolicy()))
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false)
                        .failureHandler((request, response, e) -> response.sendRedirect(request.getContextPath()
                                + (e instanceof LockedException ? "/login?locked" : "/login?error"))))
                .httpBasic(Customizer.withDefaults())
                .logout(logout -> logout.logoutSuccessHandler(loggedOut(hospital)))
                // Issue 15: a request carrying only the console's session cookie can be sent by any other site the
                // person visits (cross-site request forgery), so it needs the CSRF token on every path. Only API
                // calls with their own credentials (HTTP Basic, which a browser does not add to another site's
                // form) go without; the console's own forms carry the token.
                // The download page of a mailed link (issue 21) has no session to forge a request with: its secret is
                // the token in the path and the code typed, both of which a forging site would need to know.
                .csrf(csrf -> csrf.ignoringRequestMatchers(request -> basicAuthenticated(request)
                        && (request.getServletPath().startsWith("/api/") || request.getServletPath().startsWith("/dicomweb/")
                                || underServices(request)) || request.getServletPath().startsWith("/download/")))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frame -> frame.deny())
                        .contentTypeOptions(Customizer.withDefaults()));
        return http.build();
    }

    /**
     * After a logout: the login page; for a person who came through the identity provider, first the provider's
     * end-session endpoint (OpenID Connect RP-Initiated Logout 1.0), so that the hospital's session ends too and the
     * next person at this computer does not log in as the last one by a click.
     */
    private static org.springframework.security.web.authentication.logout.LogoutSuccessHandler loggedOut(
            ClientRegistrationRepository hospital) {
        org.springframework.security.web.authentication.logout.SimpleUrlLogoutSuccessHandler handler = hospital == null
                ? new org.springframework.security.web.authentication.logout.SimpleUrlLogoutSuccessHandler()
                : providerLogout(hospital);
        handler.setDefaultTargetUrl("/login?logout");
        return handler;
    }

    private static org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler
            providerLogout(ClientRegistrationRepository hospital) {
        var handler = new org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler(
                hospital);
        handler.setPostLogoutRedirectUri("{baseUrl}/login?logout");
        return handler;
    }

    /**
     * The XDS registry's SOAP endpoints are served by CXF's servlet at /services/* (issue 20), so the servlet path is
     * "/services" and the endpoint is in the path info.
     */
    private static boolean underServices(jakarta.servlet.http.HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.startsWith("/services/");
    }

    private static boolean basicAuthenticated(jakarta.servlet.http.HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    }

    /** Passwords checked through the lock-out after failed logins, for form login and HTTP Basic alike. */
    @Bean
    AuthenticationProvider authenticationProvider(UserDetailsService users, PasswordEncoder encoder, LoginThrottle throttle) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users);
        passwords.setPasswordEncoder(encoder);
        return new ThrottledAuthenticationProvider(passwords, throttle);
    }

    @Bean
    LoginThrottle loginThrottle(LoginProperties settings, java.time.Clock clock) {
        return new LoginThrottle(settings, clock);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(NodeProperties properties, PasswordEncoder encoder) {
        List<UserDetails> users = new ArrayList<>();
        for (NodeProperties.User u : properties.users()) {
            if (u.roles().stream().anyMatch(r -> r.equalsIgnoreCase(AccessPolicy.UserRole.MITZ.name()))) {
                throw new nl.zorgbrug.app.node.ConfigurationError("zorgbrug.users[" + u.name() + "].roles", "MITZ",
                        "a role of the node's users; MITZ is given only to Mitz's TLS client certificate"
                                + " (zorgbrug.consent.mitz-certificate-subject)");
            }
            users.add(User.withUsername(u.name()).password(u.password())
                    .roles(u.roles().toArray(new String[0])).build());
        }
        if (users.isEmpty()) {
            users.add(User.withUsername("admin").password(encoder.encode(initialAdminPassword(properties.dataDir())))
                    .roles("ADMIN", "OPERATOR", "AUDITOR").build());
        }
        return new InMemoryUserDetailsManager(users);
    }

    /**
     * With no users configured, the embedded default gets an 'admin' whose random password is kept in
     * a file only its owner can read (never in the log), until the administrator configures users.
     */
    static String initialAdminPassword(Path dataDir) {
        Path file = dataDir.resolve("initial-admin-password");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            Files.createDirectories(dataDir);
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.writeString(file, password + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            LOG.warn("No users configured: created user 'admin' with the password in {}; configure zorgbrug.users"
                    + " (see docs/operations.md)", file.toAbsolutePath());
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file + " for the initial admin password", e);
        }
    }
}
