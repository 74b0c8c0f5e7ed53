package nl.zorgbrug.audit.export.atna;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.openehealth.ipf.commons.audit.DefaultAuditContext;
import org.openehealth.ipf.commons.audit.DefaultAuditMetadataProvider;
import org.openehealth.ipf.commons.audit.protocol.TLSSyslogSenderImpl;
import org.openehealth.ipf.commons.audit.utils.AuditUtils;

import nl.zorgbrug.audit.export.AuditRepository;
import nl.zorgbrug.audit.export.ExportException;
import nl.zorgbrug.audit.trail.AuditRecord;

/**
 * The hospital's audit record repository over RFC 5425 syslog-TLS (IHE ITI-20 "Record Audit Event", DICOM PS3.15
 * A.6), sent with IPF's {@link TLSSyslogSenderImpl}: one RFC 5424 message per record, APP-NAME the configured
 * application name, MSGID {@code IHE+RFC-3881}, the DICOM audit message XML as its body.
 *
 * <p>Syslog over TLS is simplex: the repository acknowledges nothing. The sender tests the connection before and
 * after each write (a closed or reset connection reads as dead) and a record counts as sent only when both tests
 * pass; otherwise it throws and the exporter sends the same record again later. A record can so reach the
 * repository twice when the connection dies right after it was read; it carries its event's UUID, so the
 * repository can tell. Mutual TLS: the node shows its key, and trusts only the configured trust store; the
 * repository's certificate must name the configured host.
 */
public final class SyslogTlsRepository implements AuditRepository {
    private final String host;
    private final int port;
    private final DicomAuditMessages messages;
    private final DefaultAuditContext context;
    private final DefaultAuditMetadataProvider metadata;
    private final TLSSyslogSenderImpl sender;

    /**
     * @param tls            the node's key and the trusted CAs for the repository
     * @param appName        RFC 5424 APP-NAME (the node's application name)
     * @param connectTimeout how long a connection and its handshake may take before the try counts as failed
     */
    public SyslogTlsRepository(String host, int port, SSLContext tls, String appName, Duration connectTimeout,
                               DicomAuditMessages messages) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.messages = Objects.requireNonNull(messages, "messages");
        this.context = new DefaultAuditContext();
        context.setAuditRepositoryHost(host);
        context.setAuditRepositoryPort(port);
        this.metadata = new DefaultAuditMetadataProvider(AuditUtils.getLocalHostName(), AuditUtils.getProcessId(),
                appName, null);
        this.sender = new TLSSyslogSenderImpl(new VerifyingFactory(tls.getSocketFactory(), host,
                (int) connectTimeout.toMillis()), TLSSyslogSenderImpl.SocketTestPolicy.TEST_BEFORE_AND_AFTER_WRITE);
    }

    @Override
    public String name() {
        return "atna";
    }

    @Override
    public void send(AuditRecord record) {
        String xml = messages.xml(record);
        try {
            sender.send(context, metadata, xml);
        } catch (Exception e) {
            throw new ExportException("syslog-TLS to " + host + ":" + port + " refused or lost record " + record.seq()
                    + ": " + rootMessage(e) + "; check that the audit repository runs and trusts this node's"
                    + " certificate (zorgbrug.audit.export.atna.host/port, zorgbrug.audit.export.tls.*)", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        StringBuilder s = new StringBuilder(String.valueOf(t.getMessage()));
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            s.append(" / ").append(t.getMessage());
        }
        return s.toString();
    }

    @Override
    public void close() {
        sender.shutdown();
    }

    /**
     * The TLS socket factory IPF's sender uses: connects with a time-out (the JDK's factory waits as long as the
     * operating system does) and checks the repository's certificate against the configured host name (RFC 6125),
     * which a plain SSLSocket does not do by itself.
     */
    private static final class VerifyingFactory extends SSLSocketFactory {
        private final SSLSocketFactory delegate;
        private final String host;
        private final int timeoutMillis;

        VerifyingFactory(SSLSocketFactory delegate, String host, int timeoutMillis) {
            this.delegate = delegate;
            this.host = host;
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public Socket createSocket(InetAddress address, int port) throws IOException {
            Socket plain = new Socket();
            try {
                plain.connect(new InetSocketAddress(address, port), timeoutMillis);
                plain.setSoTimeout(timeoutMillis);
                SSLSocket tls = (SSLSocket) delegate.createSocket(plain, host, port, true);
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(parameters);
                return tls;
            } catch (IOException | RuntimeException e) {
                plain.close();
                throw e;
            }
        }

        @Override
        public Socket createSocket(String h, int p) throws IOException {
            return createSocket(InetAddress.getByName(h), p);
        }

        @Override
        public Socket createSocket(String h, int p, InetAddress localHost, int localPort) throws IOException {
            return createSocket(InetAddress.getByName(h), p);
        }

        @Override
        public Socket createSocket(InetAddress address, int p, InetAddress localAddress, int localPort)
                throws IOException {
            return createSocket(address, p);
        }

        @Override
        public Socket createSocket(Socket s, String h, int p, boolean autoClose) throws IOException {
            return delegate.createSocket(s, h, p, autoClose);
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }
    }
}
