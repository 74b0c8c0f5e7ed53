package nl.zorgbrug.dicom.encoding;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A transfer syntax as plain data (PS3.5 section 10 and Annex A): how the data set is encoded,
 * never how pixels are compressed. Encapsulated syntaxes are explicit VR little endian with
 * Pixel Data in fragments (PS3.5 A.4), which a router passes through without any codec.
 * UIDs we do not know are treated as encapsulated, so new compression syntaxes pass too.
 */
public record TransferSyntax(String uid, String name, boolean explicitVr, boolean bigEndian,
                             boolean deflated, boolean encapsulated) {

    public static final TransferSyntax IMPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, false);
    public static final TransferSyntax EXPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, false);
    public static final TransferSyntax DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, false);
    public static final TransferSyntax EXPLICIT_VR_BIG_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2.2", "Explicit VR Big Endian (retired)", true, true, false, false);

    private static final Map<String, TransferSyntax> KNOWN = new LinkedHashMap<>();

    static {
        for (TransferSyntax ts : new TransferSyntax[] {IMPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_LITTLE_ENDIAN,
                DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_BIG_ENDIAN}) {
            KNOWN.put(ts.uid(), ts);
        }
        // PS3.6 Table A-1, the encapsulated transfer syntaxes.
        encapsulated("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)");
        encapsulated("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)");
        encapsulated("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)");
        encapsulated("1.2.840.10008.1.2.4.70", "JPEG Lossless, First-Order Prediction (Process 14 [SV1])");
        encapsulated("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless");
        encapsulated("1.2.840.10008.1.2.4.81", "JPEG-LS Near-Lossless");
        encapsulated("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)");
        encapsulated("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression");
        encapsulated("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component (Lossless Only)");
        encapsulated("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component");
        encapsulated("1.2.840.10008.1.2.4.94", "JPIP Referenced");
        encapsulated("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level");
        encapsulated("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level");
        encapsulated("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1");
        encapsulated("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1");
        encapsulated("1.2.840.10008.1.2.4.104", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video");
        encapsulated("1.2.840.10008.1.2.4.105", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video");
        encapsulated("1.2.840.10008.1.2.4.106", "MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2");
        encapsulated("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1");
        encapsulated("1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile / Level 5.1");
        encapsulated("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 (Lossless Only)");
        encapsulated("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options (Lossless Only)");
        encapsulated("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000");
        encapsulated("1.2.840.10008.1.2.5", "RLE Lossless");
        encapsulated("1.2.840.10008.1.2.6.1", "RFC 2557 MIME encapsulation (retired)");
    }

    private static void encapsulated(String uid, String name) {
        KNOWN.put(uid, new TransferSyntax(uid, name, true, false, false, true));
    }

    /** The transfer syntax for a UID; an unknown UID is taken as encapsulated explicit VR little endian. */
    public static TransferSyntax of(String uid) {
        String clean = uid == null ? "" : uid.trim().replace("\0", "");
        TransferSyntax known = KNOWN.get(clean);
        return known != null ? known : new TransferSyntax(clean, "Unknown (" + clean + ")", true, false, false, true);
    }

    public static boolean isKnown(String uid) {
        return KNOWN.containsKey(uid);
    }

    public static Iterable<TransferSyntax> all() {
        return KNOWN.values();
    }

    /** The uncompressed syntaxes between which a sender may convert without any codec. */
    public boolean isUncompressed() {
        return !encapsulated;
    }

    @Override
    public String toString() {
        return name + " [" + uid + "]";
    }
}
