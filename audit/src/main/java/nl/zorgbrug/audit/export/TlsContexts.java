package nl.zorgbrug.audit.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import nl.zorgbrug.dicom.net.tls.TlsConfig;

/**
 * The TLS context for a connection to the audit repository: the node's key (mutual TLS, as ATNA's "Authenticate
 * Node" asks, IHE ITI TF-1 9) and the trust store with the repository's CA. Versions TLS 1.3 and 1.2 only (BCP 195).
 */
public final class TlsContexts {
    private TlsContexts() {
    }

    /** From key store files (PKCS12, or JKS by the .jks extension); {@code keyStore} may be null (no client key). */
    public static SSLContext fromFiles(Path keyStore, char[] keyPassword, Path trustStore, char[] trustPassword) {
        if (trustStore == null || !Files.isReadable(trustStore)) {
            throw new IllegalArgumentException("audit export: trust store " + trustStore + " cannot be read; give the"
                    + " file with the audit repository's CA certificate (zorgbrug.audit.export.tls.trust-store)");
        }
        if (keyStore != null && !Files.isReadable(keyStore)) {
            throw new IllegalArgumentException("audit export: key store " + keyStore + " cannot be read; give the"
                    + " node's key and certificate as PKCS12 (zorgbrug.audit.export.tls.key-store)");
        }
        try {
            return of(keyStore == null ? null : TlsConfig.load(keyStore, keyPassword), keyPassword,
                    TlsConfig.load(trustStore, trustPassword));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("audit export: the TLS key or trust store cannot be used: "
                    + e.getMessage() + "; check the files and passwords under zorgbrug.audit.export.tls", e);
        }
    }

    public static SSLContext of(KeyStore keyStore, char[] keyPassword, KeyStore trustStore)
            throws GeneralSecurityException {
        KeyManagerFactory kmf = null;
        if (keyStore != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, keyPassword);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }
}
