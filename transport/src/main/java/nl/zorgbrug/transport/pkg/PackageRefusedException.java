package nl.zorgbrug.transport.pkg;

/**
 * A study package that is refused as a whole: nothing of it is imported. The {@link Reason} is what the sender's
 * error file and the node's log name; the message says which entry and what to do.
 */
public final class PackageRefusedException extends Exception {

    /** Why a package is refused. */
    public enum Reason {
        /** Not a readable ZIP, or an entry's own CRC-32 does not match (truncated or damaged in transit). */
        CORRUPT,
        /** An entry name that would leave the package's folder ("../", an absolute path, a drive) or is not ours. */
        UNSAFE_PATH,
        /** More entries than the node takes in one package. */
        TOO_MANY_ENTRIES,
        /** Unpacks to more than the node takes, or compresses more than real DICOM does: a ZIP bomb. */
        ZIP_BOMB,
        /** No manifest.json, or one that cannot be read. */
        MANIFEST_INVALID,
        /** A file the manifest lists is absent, or a file is present that the manifest does not list. */
        MANIFEST_FILES_DIFFER,
        /** A file's size or SHA-256 is not what the manifest says. */
        CHECKSUM_MISMATCH,
        /** A file is not a DICOM PS3.10 file. */
        NOT_DICOM,
        /** A DICOM header names another study, accession, patient or instance than the manifest. */
        HEADER_MISMATCH
    }

    private final Reason reason;

    public PackageRefusedException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public PackageRefusedException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
