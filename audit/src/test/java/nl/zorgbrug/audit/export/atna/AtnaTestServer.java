package nl.zorgbrug.audit.export.atna;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;

import org.openehealth.ipf.commons.audit.codes.ParticipantObjectTypeCodeRole;
import org.openehealth.ipf.commons.audit.model.AuditMessage;
import org.openehealth.ipf.commons.audit.server.TlsSyslogServer;
import org.openehealth.ipf.commons.audit.server.support.SyslogConstants;
import org.openehealth.ipf.commons.audit.unmarshal.dicom.DICOMAuditParser;

import nl.zorgbrug.audit.export.TlsContexts;
import nl.zorgbrug.dicom.net.tls.TestPki;
import reactor.core.publisher.Mono;

/**
 * The test's audit record repository: IPF's own RFC 5425 TLS syslog server ({@link TlsSyslogServer}) on loopback,
 * mutual TLS with the openssl test CA of {@link TestPki}, reached through a {@link LoopbackRelay} that
 * {@link #down()} cuts (connections end, new ones are refused) and {@link #up()} opens again on the same port.
 * IPF's handler hands each message to a pool, which may reorder them; here it runs on the receiving thread, so
 * {@link #received()} is the order in which messages came off the connection.
 */
public final class AtnaTestServer implements AutoCloseable {
    private final TestPki pki;
    private final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private OrderedTlsSyslogServer server;
    private int serverPort;
    private LoopbackRelay relay;
    private int port;

    /** IPF's TLS syslog server with the handler run on the receiving thread, one message after the other. */
    static final class OrderedTlsSyslogServer extends TlsSyslogServer {
        OrderedTlsSyslogServer(Consumer<? super Map<String, Object>> consumer, Consumer<Throwable> errors,
                               SSLContext tls) {
            super(consumer, errors, serverSide -> tls);
        }

        @Override
        protected Mono<Object> handleMap(Map<String, Object> map) {
            consumer.accept(map);
            return Mono.empty();
        }
    }

    /** Starts the repository with the server certificate of {@code pki}, trusting its CA for clients. */
    public AtnaTestServer(TestPki pki) throws Exception {
        this(pki, "server");
    }

    /** Starts the repository with the certificate {@code serverKey} of {@code pki} (such as "rogue"). */
    public AtnaTestServer(TestPki pki, String serverKey) throws Exception {
        this.pki = pki;
        SSLContext tls = TlsContexts.of(pki.keyStore(serverKey), TestPki.PASSWORD, pki.trust("ca"));
        server = new OrderedTlsSyslogServer(received::add, errors::add, tls);
        server.start("127.0.0.1", 0);
        serverPort = ((InetSocketAddress) server.address()).getPort();
        relay = new LoopbackRelay(serverPort);
        port = relay.start(0);
    }

    /** The port the node sends to. */
    public int port() {
        return port;
    }

    /** The repository goes down: the relay is cut and the server stopped. */
    public void down() {
        relay.cut();
        server.stop();
    }

    /** The repository is back, on the same port. */
    public void up() throws Exception {
        server.start("127.0.0.1", serverPort);
        relay.start(port);
    }

    /** Syslog frames as IPF's decoder gave them, in arrival order. */
    public List<Map<String, Object>> received() {
        return received;
    }

    public List<Throwable> errors() {
        return errors;
    }

    /** The messages as DICOM audit messages, parsed and validated against the schema. */
    public List<AuditMessage> messages() {
        DICOMAuditParser parser = new DICOMAuditParser();
        return received.stream().map(m -> parser.parse(String.valueOf(m.get(SyslogConstants.MESSAGE)), true)).toList();
    }

    /** The trail {@code seq} each message carries, in arrival order. */
    public List<Long> seqs() {
        return messages().stream().map(m -> m.findParticipantObjectIdentifications(o ->
                        o.getParticipantObjectTypeCodeRole() == ParticipantObjectTypeCodeRole.SecurityResource).get(0)
                .getParticipantObjectName().replace("NEN 7513 audit record ", "")).map(Long::valueOf).toList();
    }

    /** Waits up to 20 s for {@code count} messages, then asserts that exactly so many came. */
    public void awaitReceived(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(received).as("messages at the syslog server").hasSize(count);
    }

    /** The test CA as a PKCS12 trust store file, as an administrator would configure it. */
    public Path writeTrustStore(Path file) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            pki.trust("ca").store(out, TestPki.PASSWORD);
        }
        return file;
    }

    @Override
    public void close() {
        relay.cut();
        server.stop();
    }
}
