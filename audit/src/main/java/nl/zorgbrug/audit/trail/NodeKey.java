package nl.zorgbrug.audit.trail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The node's signing key for checkpoints: Ed25519 (RFC 8032) from the JDK, kept as PEM files
 * ({@code audit-key.pem}, PKCS #8, readable by the owner only; {@code audit-key.pub.pem}, X.509 SubjectPublicKeyInfo).
 * The public key is what {@code zorgbrug audit verify} checks against; keep a copy of it off the node (with the
 * privacy officer), since whoever can replace both the trail and the public key on the node can forge anything.
 */
public final class NodeKey implements CheckpointSigner {
    public static final String ALGORITHM = "Ed25519";
    public static final String PRIVATE_FILE = "audit-key.pem";
    public static final String PUBLIC_FILE = "audit-key.pub.pem";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private NodeKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** A fresh key pair (tests; the node uses {@link #loadOrCreate}). */
    public static NodeKey generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            return new NodeKey(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java cannot make an Ed25519 key (JDK 15 and later can)", e);
        }
    }

    /**
     * The key in {@code dir}, made on the node's first start. A private key without its public key (or the other
     * way round) is refused: the node must not start signing with a key nobody can check.
     */
    public static NodeKey loadOrCreate(Path dir) throws IOException {
        Path priv = dir.resolve(PRIVATE_FILE);
        Path pub = dir.resolve(PUBLIC_FILE);
        if (!Files.exists(priv) && !Files.exists(pub)) {
            Files.createDirectories(dir);
            NodeKey key = generate();
            Files.writeString(pub, pem("PUBLIC KEY", key.publicKey.getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(priv, "", StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
            try {
                Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the data directory's own access rights protect it.
            }
            Files.writeString(priv, pem("PRIVATE KEY", key.privateKey.getEncoded()), StandardCharsets.US_ASCII);
            return key;
        }
        if (!Files.exists(priv) || !Files.exists(pub)) {
            throw new IOException("the audit signing key in " + dir + " is incomplete: " + PRIVATE_FILE + " and "
                    + PUBLIC_FILE + " belong together; restore the missing one from the backup (never make a new"
                    + " key beside an old trail without keeping the old public key for audit verify)");
        }
        try {
            KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(unpem(priv, "PRIVATE KEY")));
            return new NodeKey(privateKey, readPublicKey(pub));
        } catch (GeneralSecurityException e) {
            throw new IOException(priv + " is not an Ed25519 private key in PKCS #8 PEM: " + e.getMessage(), e);
        }
    }

    /** Reads a public key written by the node ({@code audit-key.pub.pem}), for verification. */
    public static PublicKey readPublicKey(Path file) throws IOException {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(unpem(file, "PUBLIC KEY")));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " is not an Ed25519 public key in PEM: " + e.getMessage(), e);
        }
    }

    /** The key's id: the first 16 hex digits of the SHA-256 of its encoded public key. */
    public static String keyId(PublicKey key) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public SignedCheckpoint sign(Checkpoint checkpoint) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(privateKey);
            s.update(checkpoint.signedBytes());
            return new SignedCheckpoint(0, checkpoint, keyId(publicKey), ALGORITHM,
                    Base64.getEncoder().encodeToString(s.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing checkpoint of " + checkpoint.count() + " records failed", e);
        }
    }

    /** Whether {@code signed} was signed by the holder of {@code key}'s private key. */
    public static boolean verify(SignedCheckpoint signed, PublicKey key) {
        try {
            if (!signed.algorithm().equals(ALGORITHM) || !signed.keyId().equals(keyId(key))) {
                return false;
            }
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(signed.checkpoint().signedBytes());
            return s.verify(signed.signatureBytes());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Signs a purge mark (the trail's records up to its {@code through} were removed on purpose). */
    public SignedPurge sign(PurgeMark mark) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(privateKey);
            s.update(mark.signedBytes());
            return new SignedPurge(0, mark, keyId(publicKey), ALGORITHM, Base64.getEncoder().encodeToString(s.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing the purge of records 1 to " + mark.through() + " failed", e);
        }
    }

    /** Whether {@code signed} was signed by the holder of {@code key}'s private key. */
    public static boolean verify(SignedPurge signed, PublicKey key) {
        try {
            if (!signed.algorithm().equals(ALGORITHM) || !signed.keyId().equals(keyId(key))) {
                return false;
            }
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(signed.mark().signedBytes());
            return s.verify(signed.signatureBytes());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(Path file, String type) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new IOException(file + " holds no '" + begin + "' block");
        }
        return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
    }
}
