package nl.zorgbrug.app.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

/**
 * What an operator reads when a peer gave no answer: the cause in words, found however deep Camel and CXF wrapped
 * it, and never an exception's class name with its message (the console shows no raw exceptions).
 */
class IpfEndpointTest {

    private static RuntimeException wrapped(Throwable cause) {
        return new RuntimeException("org.apache.camel.CamelExecutionException: Exception occurred during execution",
                new IllegalStateException("org.apache.cxf.interceptor.Fault: Could not send Message.", cause));
    }

    @Test
    void aRefusedConnectionIsSaidSoAndWhatToCheck() {
        assertThat(IpfEndpoint.noAnswer(wrapped(new ConnectException())))
                .isEqualTo("connection refused; check that the peer runs and listens at this address");
    }

    @Test
    void aTimeoutAndATlsFailureAreSaidWithTheirReason() {
        assertThat(IpfEndpoint.noAnswer(wrapped(new HttpConnectTimeoutException("HTTP connect timed out"))))
                .isEqualTo("no answer in time: HTTP connect timed out");
        assertThat(IpfEndpoint.noAnswer(wrapped(new SSLHandshakeException("PKIX path building failed"))))
                .startsWith("TLS failed: PKIX path building failed").contains("trust store");
    }

    @Test
    void aCauseThatCxfSuppressedIsStillFound() {
        NullPointerException lost = new NullPointerException("Cannot invoke \"CloseableBodyPublisher.close()\"");
        lost.addSuppressed(new ConnectException("Connection refused"));
        assertThat(IpfEndpoint.noAnswer(wrapped(lost))).startsWith("connection refused");
    }

    @Test
    void cxfsInternalNullPointerIsSaidAsAClientFailureWithoutTheExceptionsText() {
        // As seen in CI: CXF's HTTP client lost the connection's failure and threw this instead.
        String said = IpfEndpoint.noAnswer(wrapped(new NullPointerException("Cannot invoke \"org.apache.cxf.transport"
                + ".http.HttpClientHTTPConduit$CloseableBodyPublisher.close()\" because \"this.publisher\" is null")));
        assertThat(said).startsWith("the connection failed inside the SOAP client").doesNotContain("Exception:")
                .doesNotContain("this.publisher");
    }
}
