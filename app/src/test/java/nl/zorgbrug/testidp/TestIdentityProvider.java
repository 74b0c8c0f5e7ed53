package nl.zorgbrug.testidp;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * A real OpenID provider for the node's OIDC login tests (issue 17): Spring Authorization Server in the test's JVM,
 * on a random loopback port, with its own login form and a user per person of {@link #PEOPLE}, whose ID tokens carry
 * {@code preferred_username}, {@code name}, the role claim {@code groups} and, when the person has one, {@code ura}.
 * Outside {@code nl.zorgbrug.app}, so the node's component scan never finds it; started as its own small Spring
 * application (a servlet container and the security filters, no auto-configuration of the node's).
 */
public final class TestIdentityProvider implements AutoCloseable {

    /** A person at the provider: login name and password, the name in the token, role claim values, URA or null. */
    public record Person(String login, String password, String name, List<String> groups, String ura) {
    }

    public static final String CLIENT_ID = "zorgbrug-node";
    public static final String CLIENT_SECRET = "node-secret-for-tests";

    public static final Map<String, Person> PEOPLE = Map.of(
            "a.admin", new Person("a.admin", "admin-pw", "Anna Admin", List.of("zb-admin", "staff"), null),
            "o.operator", new Person("o.operator", "operator-pw", "Otto Operator", List.of("zb-operator"), null),
            "c.clinician", new Person("c.clinician", "clinician-pw", "Clara Clinician", List.of("zb-clinician"),
                    "00009876"),
            "q.quality", new Person("q.quality", "quality-pw", "Quinten Kwaliteit", List.of("zb-quality"), null),
            "p.privacy", new Person("p.privacy", "privacy-pw", "Pim Privacy", List.of("zb-privacy"), null),
            "r.auditor", new Person("r.auditor", "auditor-pw", "Rita Auditor", List.of("zb-auditor"), null),
            "s.secretary", new Person("s.secretary", "secretary-pw", "Sara Secretaresse", List.of("secretariaat"),
                    null));

    private final ConfigurableApplicationContext context;

    private TestIdentityProvider(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts the provider on a free loopback port. */
    public static TestIdentityProvider start() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Provider.class)
                .web(WebApplicationType.SERVLET).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                // As arguments, which outrank the node's application.yml (also on the class path; none of it is
                // the provider's, and it names port 8080).
                .run("--server.port=0", "--server.address=127.0.0.1",
                        // Cookies are per host, not per port: the provider's session must not be the node's.
                        "--server.servlet.session.cookie.name=IDPSESSION",
                        "--spring.config.location=optional:classpath:/testidp-none/");
        return new TestIdentityProvider(context);
    }

    /** The issuer, as the node is configured with it. */
    public String issuer() {
        return "http://127.0.0.1:" + ((ServletWebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Registers the node as a client whose redirect URI is on its (random) port. */
    public void registerNode(int nodePort) {
        // One id, so registering again (a test class per node) replaces the client.
        context.getBean(InMemoryRegisteredClientRepository.class).save(RegisteredClient.withId("zorgbrug-node-client")
                .clientId(CLIENT_ID).clientSecret("{noop}" + CLIENT_SECRET)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("http://127.0.0.1:" + nodePort + "/login/oauth2/code/hospital")
                .postLogoutRedirectUri("http://127.0.0.1:" + nodePort + "/login?logout")
                .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE)
                .clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build()).build());
    }

    @Override
    public void close() {
        context.close();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    @Import({ServletWebServerFactoryAutoConfiguration.class,
            org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration.class,
            org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration.class,
            org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration.class})
    static class Provider {

        @Bean
        @Order(1)
        SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
            OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
            http.securityMatcher(server.getEndpointsMatcher())
                    .with(server, s -> s.oidc(Customizer.withDefaults()))
                    .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                    // The userinfo endpoint takes the access token as a bearer token.
                    .oauth2ResourceServer(rs -> rs.jwt(Customizer.withDefaults()))
                    .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                            new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
            return http.build();
        }

        @Bean
        @Order(2)
        SecurityFilterChain login(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(a -> a.anyRequest().authenticated()).formLogin(Customizer.withDefaults());
            return http.build();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(PEOPLE.values().stream()
                    .map(p -> User.withUsername(p.login()).password("{noop}" + p.password()).roles("USER").build())
                    .toList());
        }

        @Bean
        InMemoryRegisteredClientRepository clients() {
            // A placeholder until the node's port is known (registerNode); the repository needs one client.
            return new InMemoryRegisteredClientRepository(RegisteredClient.withId("placeholder").clientId("placeholder")
                    .clientSecret("{noop}x").authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS).build());
        }

        @Bean
        JWKSource<SecurityContext> keys() throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(UUID.randomUUID().toString()).build();
            return new ImmutableJWKSet<>(new JWKSet(key));
        }

        @Bean
        JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys) {
            return OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
        }

        @Bean
        AuthorizationServerSettings settings() {
            return AuthorizationServerSettings.builder().build();
        }

        /** The person's identity and roles in the ID token, as a hospital's Keycloak or Entra ID puts them there. */
        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> idTokenClaims() {
            return context -> {
                if (!OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                    return;
                }
                Person person = PEOPLE.get(context.getPrincipal().getName());
                context.getClaims().claim("preferred_username", person.login()).claim("name", person.name())
                        .claim("groups", person.groups());
                if (person.ura() != null) {
                    context.getClaims().claim("ura", person.ura());
                }
            };
        }
    }
}
