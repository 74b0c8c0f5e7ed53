package nl.zorgbrug.app.adt;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code zorgbrug.adt.*} settings: the EPD's HL7 v2 ADT feed over MLLP (issue 16, docs/operations.md "The EPD
 * feed"). Without {@code port} there is no feed and the MPI is loaded from CSV only.
 *
 * @param port              the TCP port of the MLLP listener; unset: no listener
 * @param bind              the address to listen on (default 0.0.0.0)
 * @param allowedHosts      the addresses the EPD's interface engine connects from; empty: any (then restrict by
 *                          firewall)
 * @param localAuthority    the assigning authority of the hospital's patient numbers in PID-3 (CX-4 namespace or
 *                          universal ID); required with {@code port}
 * @param bsnStatusField    where the EPD puts the BSN status: PID-32 (default) or a Z-segment field such as ZPI-2
 * @param verifiedCodes     the codes in that field meaning "verified against the BSN register (SBV-Z)"
 * @param validatedCodes    the codes meaning "validated with an identity document"
 * @param maxMessageSize    the largest message read (default 1 MB); a larger one is answered AR
 * @param idleTimeout       a connection silent this long is closed (default 10 minutes)
 * @param frameTimeout      the time one message may take to arrive (default 30 seconds)
 * @param maxConnections    connections served at once (default 8)
 * @param recheckInterval   held jobs and quarantine are looked at again at most this often after feed changes
 *                          (default 2 seconds)
 */
@ConfigurationProperties("zorgbrug.adt")
public record AdtProperties(Integer port, String bind, List<String> allowedHosts, String localAuthority,
                            String bsnStatusField, List<String> verifiedCodes, List<String> validatedCodes,
                            DataSize maxMessageSize, Duration idleTimeout, Duration frameTimeout,
                            Integer maxConnections, Duration recheckInterval) {

    public AdtProperties {
        bind = bind == null || bind.isBlank() ? "0.0.0.0" : bind;
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        bsnStatusField = bsnStatusField == null || bsnStatusField.isBlank() ? "PID-32" : bsnStatusField;
        verifiedCodes = verifiedCodes == null ? List.of() : List.copyOf(verifiedCodes);
        validatedCodes = validatedCodes == null ? List.of() : List.copyOf(validatedCodes);
        maxMessageSize = maxMessageSize == null ? DataSize.ofMegabytes(1) : maxMessageSize;
        idleTimeout = idleTimeout == null ? Duration.ofMinutes(10) : idleTimeout;
        frameTimeout = frameTimeout == null ? Duration.ofSeconds(30) : frameTimeout;
        maxConnections = maxConnections == null ? 8 : maxConnections;
        recheckInterval = recheckInterval == null ? Duration.ofSeconds(2) : recheckInterval;
    }
}
