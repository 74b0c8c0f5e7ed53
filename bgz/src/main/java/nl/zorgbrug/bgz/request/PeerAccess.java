package nl.zorgbrug.bgz.request;

import java.net.URI;
import java.util.Objects;

/**
 * How this node is let in at another institution's BgZ endpoint: with a fixed token that institution issued (for
 * qualification: such a token reads one patient), or by its consent flow, asking its token endpoint for a token for
 * each request's patient (OAuth 2.0 client credentials, RFC 6749 §4.4) with the organisation credential it issued us.
 */
public sealed interface PeerAccess {
    /** A bearer token the peer issued us. */
    record FixedToken(String token) implements PeerAccess {
        public FixedToken {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String toString() {
            return "FixedToken[…]";
        }
    }

    /**
     * The consent flow.
     *
     * @param tokenEndpoint the peer's token endpoint, such as https://host/fhir/stu3/token
     * @param clientId      our URA, as the peer knows our organisation
     * @param credential    the organisation credential the peer issued us (the client secret)
     */
    record ConsentFlow(URI tokenEndpoint, String clientId, String credential) implements PeerAccess {
        public ConsentFlow {
            Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(credential, "credential");
        }

        @Override
        public String toString() {
            return "ConsentFlow[" + tokenEndpoint + ", client " + clientId + "]";
        }
    }
}
