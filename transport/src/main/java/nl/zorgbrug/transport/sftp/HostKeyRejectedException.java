package nl.zorgbrug.transport.sftp;

import java.io.IOException;

/**
 * The server did not prove to be the one the address book names (its host key is not the configured fingerprint, nor
 * in the node's known_hosts), or it refused our credentials: no retry can help, a person must check the key or the
 * account with the partner.
 */
public final class HostKeyRejectedException extends IOException {
    public HostKeyRejectedException(String message) {
        super(message);
    }

    public HostKeyRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
