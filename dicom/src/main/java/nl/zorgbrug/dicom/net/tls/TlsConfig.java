package nl.zorgbrug.dicom.net.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.net.ServerSocketFactory;
import javax.net.SocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * DICOM TLS (PS3.15 Annex B): the BCP 195 profiles, TLS 1.2 and 1.3 only, with the cipher suites
 * RFC 7525 / BCP 195 recommends (AEAD with forward secrecy), and mutual authentication: the
 * acceptor requires a client certificate unless told otherwise. The key store holds our key and
 * certificate chain; the trust store holds the CAs (or peer certificates) we accept.
 */
public final class TlsConfig {
    /** PS3.15 B.9 (BCP 195 non-downgrading): TLS 1.2 at least. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * TLS 1.3 suites, then the TLS 1.2 suites recommended by BCP 195 (RFC 7525 section 4.2):
     * ECDHE/DHE key exchange with AES-GCM (and ChaCha20-Poly1305).
     */
    public static final List<String> BCP195_CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384");

    private final SSLContext context;
    private final boolean requireClientCertificate;
    private final List<String> protocols;
    private final String[] cipherSuites;
    private final boolean verifyHostname;

    private TlsConfig(SSLContext context, boolean requireClientCertificate, List<String> protocols, boolean verifyHostname) {
        this.context = context;
        this.requireClientCertificate = requireClientCertificate;
        this.protocols = List.copyOf(protocols);
        this.verifyHostname = verifyHostname;
        List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getCipherSuites());
        List<String> suites = new ArrayList<>();
        for (String s : BCP195_CIPHER_SUITES) {
            if (supported.contains(s)) {
                suites.add(s);
            }
        }
        this.cipherSuites = suites.toArray(new String[0]);
    }

    /**
     * @param keyStore                 our private key and certificate chain (may be null for a client without one)
     * @param keyPassword              the key's password
     * @param trustStore               the CAs or certificates we trust
     * @param requireClientCertificate acceptor side: refuse clients without a trusted certificate (default for
     *                                 external AEs)
     */
    public static TlsConfig of(KeyStore keyStore, char[] keyPassword, KeyStore trustStore, boolean requireClientCertificate)
            throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        KeyManagerFactory kmf = null;
        if (keyStore != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, keyPassword);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore);
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return new TlsConfig(ctx, requireClientCertificate, PROTOCOLS, false);
    }

    /** From key store and trust store files (PKCS12 or JKS, by extension: .jks is JKS, anything else PKCS12). */
    public static TlsConfig fromFiles(Path keyStore, char[] keyStorePassword, Path trustStore, char[] trustStorePassword,
                                      boolean requireClientCertificate) throws IOException, GeneralSecurityException {
        return of(keyStore == null ? null : load(keyStore, keyStorePassword), keyStorePassword,
                load(trustStore, trustStorePassword), requireClientCertificate);
    }

    public static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(file.toString().endsWith(".jks") ? "JKS" : "PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
        } catch (IOException e) {
            throw new IOException("cannot read key store " + file + ": " + e.getMessage()
                    + " (wrong password, or not a PKCS12/JKS file?)", e);
        }
        return ks;
    }

    /** Only TLS 1.3 (or only 1.2), for peers and tests that need one version. */
    public TlsConfig withProtocols(List<String> only) {
        return new TlsConfig(context, requireClientCertificate, only, verifyHostname);
    }

    /** Also check that the server certificate names the host we connect to (RFC 6125); off by default. */
    public TlsConfig withHostnameVerification(boolean verify) {
        return new TlsConfig(context, requireClientCertificate, protocols, verify);
    }

    public boolean requiresClientCertificate() {
        return requireClientCertificate;
    }

    public String[] cipherSuites() {
        return cipherSuites.clone();
    }

    private SSLParameters parameters(boolean server) {
        SSLParameters p = new SSLParameters(cipherSuites, protocols.toArray(new String[0]));
        p.setUseCipherSuitesOrder(true);
        if (server) {
            p.setNeedClientAuth(requireClientCertificate);
            if (!requireClientCertificate) {
                p.setWantClientAuth(true);
            }
        } else if (verifyHostname) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        return p;
    }

    /** For {@code Connector}: unconnected TLS sockets with our protocols and suites. */
    public SocketFactory socketFactory() {
        SSLSocketFactory f = context.getSocketFactory();
        return new SocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                SSLSocket s = (SSLSocket) f.createSocket();
                s.setSSLParameters(parameters(false));
                return s;
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                throw new UnsupportedOperationException("connect through createSocket() and Socket.connect");
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
                throw new UnsupportedOperationException("connect through createSocket() and Socket.connect");
            }

            @Override
            public Socket createSocket(InetAddress host, int port) {
                throw new UnsupportedOperationException("connect through createSocket() and Socket.connect");
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
                throw new UnsupportedOperationException("connect through createSocket() and Socket.connect");
            }
        };
    }

    /** For {@code Acceptor}: TLS server sockets requiring (or wanting) a client certificate. */
    public ServerSocketFactory serverSocketFactory() {
        SSLServerSocketFactory f = context.getServerSocketFactory();
        return new ServerSocketFactory() {
            @Override
            public ServerSocket createServerSocket() throws IOException {
                SSLServerSocket s = (SSLServerSocket) f.createServerSocket();
                s.setSSLParameters(parameters(true));
                return s;
            }

            @Override
            public ServerSocket createServerSocket(int port) {
                throw new UnsupportedOperationException("bind through createServerSocket() and bind");
            }

            @Override
            public ServerSocket createServerSocket(int port, int backlog) {
                throw new UnsupportedOperationException("bind through createServerSocket() and bind");
            }

            @Override
            public ServerSocket createServerSocket(int port, int backlog, InetAddress ifAddress) {
                throw new UnsupportedOperationException("bind through createServerSocket() and bind");
            }
        };
    }
}
