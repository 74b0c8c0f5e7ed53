package nl.zorgbrug.bgz.token;

import java.util.Objects;

/**
 * What the token endpoint answers (OAuth 2.0, RFC 6749): a token (§5.1) or an error (§5.2). The servlet writes it as
 * JSON with {@code Cache-Control: no-store}.
 */
public sealed interface TokenAnswer {
    /** The HTTP status. */
    int status();

    /**
     * §5.1: {@code access_token}, {@code token_type} Bearer, {@code expires_in} in seconds.
     *
     * @param accessToken 256 random bits, URL-safe; the node keeps only its SHA-256
     */
    record Issued(String accessToken, long expiresIn) implements TokenAnswer {
        public Issued {
            Objects.requireNonNull(accessToken, "accessToken");
        }

        @Override
        public int status() {
            return 200;
        }

        @Override
        public String toString() {
            return "Issued[token …, expires in " + expiresIn + " s]";
        }
    }

    /**
     * §5.2: {@code error} (one of the codes of §5.2) and {@code error_description}, a sentence for the developer at the
     * other side; 400, or 401 for {@code invalid_client}.
     */
    record Refused(int status, Error error, String description) implements TokenAnswer {
        public Refused {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(description, "description");
        }

        public Refused(Error error, String description) {
            this(error == Error.INVALID_CLIENT ? 401 : 400, error, description);
        }
    }

    /** The error codes of RFC 6749 §5.2 the endpoint uses. */
    enum Error {
        /** A parameter missing, repeated or malformed, or more than one way of client authentication. */
        INVALID_REQUEST("invalid_request"),
        /** The organisation credential is missing, unknown or not the client's (401). */
        INVALID_CLIENT("invalid_client"),
        /** The organisation is authenticated but may not use this grant here (not in the address book). */
        UNAUTHORIZED_CLIENT("unauthorized_client"),
        /** Any grant type but {@code client_credentials}. */
        UNSUPPORTED_GRANT_TYPE("unsupported_grant_type"),
        /**
         * The patient asked for exceeds what the resource owner granted: no consent here, or no BgZ of that patient
         * here; one answer for both, so that a party without consent does not learn whom this hospital treats.
         */
        INVALID_SCOPE("invalid_scope");

        private final String code;

        Error(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static java.util.Optional<Error> of(String code) {
            for (Error e : values()) {
                if (e.code.equals(code)) {
                    return java.util.Optional.of(e);
                }
            }
            return java.util.Optional.empty();
        }
    }
}
