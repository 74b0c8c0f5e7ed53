package nl.zorgbrug.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

import javax.net.ServerSocketFactory;
import javax.net.SocketFactory;

import nl.zorgbrug.dicom.net.tls.TlsConfig;
import picocli.CommandLine.Option;

/** DICOM TLS options (PS3.15 B.9, BCP 195) shared by the network commands. */
public final class TlsOptions {
    @Option(names = "--tls", description = "Use DICOM TLS (TLS 1.2/1.3, BCP 195 cipher suites, mutual authentication).")
    boolean tls;

    @Option(names = "--key-store", paramLabel = "FILE",
            description = "PKCS12 (or .jks) file with our private key and certificate chain.")
    Path keyStore;

    @Option(names = "--key-store-password", paramLabel = "PASSWORD", defaultValue = "${env:ZORGBRUG_KEY_STORE_PASSWORD}",
            description = "Key store password. Default: environment variable ZORGBRUG_KEY_STORE_PASSWORD.")
    String keyStorePassword;

    @Option(names = "--trust-store", paramLabel = "FILE",
            description = "PKCS12 (or .jks) file with the CA or peer certificates we trust.")
    Path trustStore;

    @Option(names = "--trust-store-password", paramLabel = "PASSWORD",
            defaultValue = "${env:ZORGBRUG_TRUST_STORE_PASSWORD}",
            description = "Trust store password. Default: environment variable ZORGBRUG_TRUST_STORE_PASSWORD.")
    String trustStorePassword;

    @Option(names = "--no-client-certificate",
            description = "As listener: do not require a client certificate (it is required by default).")
    boolean noClientCertificate;

    private TlsConfig config() throws IOException, GeneralSecurityException {
        if (trustStore == null) {
            throw new IllegalArgumentException("--tls needs --trust-store with the CA or peer certificates to trust");
        }
        return TlsConfig.fromFiles(keyStore, chars(keyStorePassword), trustStore, chars(trustStorePassword),
                !noClientCertificate);
    }

    private static char[] chars(String s) {
        return s == null ? new char[0] : s.toCharArray();
    }

    SocketFactory socketFactory() throws IOException, GeneralSecurityException {
        return tls ? config().socketFactory() : SocketFactory.getDefault();
    }

    ServerSocketFactory serverSocketFactory() throws IOException, GeneralSecurityException {
        if (tls && keyStore == null) {
            throw new IllegalArgumentException("--tls as listener needs --key-store with our key and certificate");
        }
        return tls ? config().serverSocketFactory() : ServerSocketFactory.getDefault();
    }
}
