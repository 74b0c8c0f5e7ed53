package nl.zorgbrug.app.security;

import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Checks a password (form login and HTTP Basic alike) through the {@link LoginThrottle}: a locked-out user name
 * or address is refused before its password is looked at, every failure is logged with the user name as typed
 * and the remote address (never the password), and a success clears the user name's count.
 */
final class ThrottledAuthenticationProvider implements AuthenticationProvider {
    private static final Logger LOG = LoggerFactory.getLogger(ThrottledAuthenticationProvider.class);

    private final AuthenticationProvider passwords;
    private final LoginThrottle throttle;

    ThrottledAuthenticationProvider(AuthenticationProvider passwords, LoginThrottle throttle) {
        this.passwords = passwords;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String user = authentication.getName() == null ? "" : authentication.getName();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails web
                ? web.getRemoteAddress() : "unknown";
        Optional<Instant> locked = throttle.lockedUntil(user, address);
        if (locked.isPresent()) {
            LOG.warn("refused login of user '{}' from {}: locked out after failed logins until {}", printable(user),
                    address, locked.get());
            throw new LockedException("too many failed logins; try again after " + locked.get());
        }
        try {
            Authentication result = passwords.authenticate(authentication);
            if (result != null) {
                throttle.succeeded(user);
            }
            return result;
        } catch (AuthenticationException e) {
            LoginThrottle.Counted n = throttle.failed(user, address);
            LOG.warn("failed login of user '{}' from {} ({} of {} for this user, {} of {} from this address before a"
                            + " lock-out)", printable(user), address, n.userFailures(), n.maxUserFailures(),
                    n.addressFailures(), n.maxAddressFailures());
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return passwords.supports(authentication);
    }

    /** The name as typed, but no line breaks or other control characters in the log (log injection), and not endless. */
    static String printable(String typed) {
        String s = typed.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
