package nl.zorgbrug.app.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code zorgbrug.login.*} settings: when failed logins lock a user name or a remote address out for a while
 * (issue 15). A remote address gets a higher allowance than a user, as several people may share one (a proxy).
 *
 * @param maxFailures           failed logins of one user name before it is locked out (default 5)
 * @param maxFailuresPerAddress failed logins from one remote address before it is locked out (default 20)
 * @param lockOut               how long a lock-out lasts, counted from the last failure (default 15 minutes)
 */
@ConfigurationProperties("zorgbrug.login")
public record LoginProperties(int maxFailures, int maxFailuresPerAddress, Duration lockOut) {

    public LoginProperties {
        maxFailures = maxFailures <= 0 ? 5 : maxFailures;
        maxFailuresPerAddress = maxFailuresPerAddress <= 0 ? 20 : maxFailuresPerAddress;
        lockOut = lockOut == null ? Duration.ofMinutes(15) : lockOut;
    }
}
