package nl.zorgbrug.hl7.mllp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The listener's limits.
 *
 * @param bindAddress the address to listen on ("0.0.0.0" for all)
 * @param port the TCP port (0: any free one, for tests)
 * @param maxMessageBytes the largest message read; a larger one is read to its end without being kept and answered
 *        with AR, so one huge message costs no memory and the connection goes on
 * @param idleTimeout how long a connection may be silent between messages before the node closes it
 * @param frameTimeout how long one message may take to arrive once it has started; a sender that stops half-way
 *        is cut off after this
 * @param maxConnections connections served at once; one more is closed at once
 * @param allowedHosts the addresses a sender may connect from; empty: any. MLLP has no authentication of its own
 *        (HL7 v2.5.1 appendix C), so the address is what tells the EPD's interface engine from anyone else
 */
public record MllpSettings(String bindAddress, int port, int maxMessageBytes, Duration idleTimeout,
                           Duration frameTimeout, int maxConnections, Set<InetAddress> allowedHosts) {

    public MllpSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the MLLP port " + port + " is not a TCP port (1 to 65535)");
        }
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("the largest ADT message must be at least 1024 bytes, not "
                    + maxMessageBytes);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero() || frameTimeout.isNegative() || frameTimeout.isZero()) {
            throw new IllegalArgumentException("the MLLP time-outs must be positive");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("the MLLP listener must serve at least one connection");
        }
        allowedHosts = allowedHosts == null ? Set.of() : Set.copyOf(allowedHosts);
    }

    /** The defaults of docs/operations.md on a port. */
    public static MllpSettings onPort(String bindAddress, int port) {
        return new MllpSettings(bindAddress, port, 1 << 20, Duration.ofMinutes(10), Duration.ofSeconds(30), 8, Set.of());
    }
}
