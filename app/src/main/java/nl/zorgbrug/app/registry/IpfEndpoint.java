package nl.zorgbrug.app.registry;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import javax.net.ssl.SSLException;

import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;

/**
 * What the node's IPF producers (ITI-18, ITI-42, ITI-43, RAD-69) share on the way to a peer: the endpoint URI IPF's
 * component takes for the peer's HTTP(S) URL, the trust store as Camel's TLS parameters, and what to name when the
 * peer refused or gave no answer. IPF's own ATNA auditing is off in every URI ({@code audit=false}): the node's audit trail
 * records each transaction (docs/availability.md).
 */
final class IpfEndpoint {
    private IpfEndpoint() {
    }

    /**
     * IPF's endpoint URI for a peer: {@code <component>://host:port/path?audit=false&secure=...}, the trust store when
     * the URL is HTTPS and {@code tlsBean} names one, HTTP Basic when a user is set.
     *
     * @param component IPF's component as it spells it ({@code xds-iti18}, {@code xdsi-rad69})
     * @param tlsBean the Camel registry name of the bound trust store, or null for the JVM's default
     */
    static String uri(String component, String url, String tlsBean, String user, String password) {
        URI peer = URI.create(url.strip());
        boolean secure = "https".equalsIgnoreCase(peer.getScheme());
        StringBuilder uri = new StringBuilder(component).append("://").append(peer.getHost());
        if (peer.getPort() > 0) {
            uri.append(':').append(peer.getPort());
        }
        uri.append(peer.getRawPath() == null || peer.getRawPath().isEmpty() ? "/" : peer.getRawPath())
                .append("?audit=false&secure=").append(secure);
        if (secure && tlsBean != null) {
            uri.append("&sslContextParameters=#").append(tlsBean);
        }
        if (user != null && !user.isBlank()) {
            // RAW(): Camel takes the password as written instead of URL-decoding it ('+', '%', '&' in it).
            uri.append("&username=").append(URLEncoder.encode(user, StandardCharsets.UTF_8))
                    .append("&password=RAW(").append(password == null ? "" : password).append(')');
        }
        return uri.toString();
    }

    /** Binds the PKCS#12 trust store as Camel TLS parameters under {@code bean}, for {@link #uri}'s tlsBean. */
    static void bindTrustStore(CamelContext camel, String bean, Path trustStore, String password) {
        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource("file:" + trustStore.toAbsolutePath());
        store.setPassword(password);
        store.setType("PKCS12");
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(store);
        SSLContextParameters tls = new SSLContextParameters();
        tls.setTrustManagers(trust);
        camel.getRegistry().bind(bean, tls);
    }

    /**
     * The peer's refusal as an operator reads it: the status, then each error's code (the XDS error code of ITI TF-3
     * §4.2.4.1, or the peer's own) with its context, which names the cause (NO_CONSENT at the source, an unknown
     * document).
     */
    static String refusal(Response answer) {
        return answer.getStatus() + " " + answer.getErrors().stream().map(e -> (e.getErrorCode() == null
                ? e.getCustomErrorCode() : e.getErrorCode().getOpcode()) + " " + e.getCodeContext())
                .collect(Collectors.joining("; "));
    }

    /**
     * Why a request got no answer, as an operator reads it on the console and in a job's history: Camel and CXF wrap
     * the refused connection, the timeout or the TLS failure that tells what to fix several layers deep, and the
     * class names of those layers mean nothing to a person. Known causes are said in words; another cause by its
     * message. CXF's HTTP client sometimes loses the connection's failure and throws an internal
     * NullPointerException instead (seen in CI when the peer was down): that is said as a failure inside the client.
     */
    static String noAnswer(Throwable failure) {
        List<Throwable> chain = causes(failure);
        for (Throwable t : chain) {
            if (t instanceof ConnectException) {
                return "connection refused; check that the peer runs and listens at this address";
            }
            if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
                return "no answer in time" + said(t);
            }
            if (t instanceof UnknownHostException) {
                return "unknown host" + said(t);
            }
            if (t instanceof SSLException) {
                return "TLS failed" + said(t) + "; check the peer's certificate and the node's trust store";
            }
        }
        Throwable root = chain.get(chain.size() - 1);
        if (root instanceof IOException && root.getMessage() != null) {
            return "the connection failed" + said(root);
        }
        if (root.getMessage() != null && !(root instanceof NullPointerException)) {
            return root.getMessage();
        }
        return "the connection failed inside the SOAP client without a reason (" + root.getClass().getSimpleName()
                + "); the peer may be down — try again, and see the node's log if it persists";
    }

    private static String said(Throwable t) {
        return t.getMessage() == null || t.getMessage().isBlank() ? "" : ": " + t.getMessage();
    }

    /** The failure, its causes and what they suppressed, outermost first; the innermost cause last. */
    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> seen = new ArrayList<>();
        List<Throwable> suppressed = new ArrayList<>();
        for (Throwable t = failure; t != null && !seen.contains(t); t = t.getCause()) {
            seen.add(t);
            suppressed.addAll(List.of(t.getSuppressed()));
        }
        Throwable root = seen.get(seen.size() - 1);
        seen.remove(seen.size() - 1);
        seen.addAll(suppressed);
        seen.add(root);
        return seen;
    }
}
