package nl.zorgbrug.dicom.net.pdu;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads PDUs (PS3.8 9.3) from a stream. Every length is checked before anything is allocated:
 * a P-DATA-TF may not exceed the maximum length we announced (PS3.8 D.1; 0 there means
 * "unlimited", for which we still keep {@link #INTERNAL_CAP}), association PDUs are capped at
 * {@link #MAX_ASSOCIATION_PDU}, and every item must fit its parent. Violations are
 * {@link PduProtocolException}s carrying the A-ABORT reason; a connection that ends inside a PDU is
 * an {@link EOFException} naming how far it got.
 */
public final class PduReader {
    /** Ceiling for A-ASSOCIATE-RQ/AC: 128 contexts with many syntaxes plus a SAML assertion fit easily. */
    public static final int MAX_ASSOCIATION_PDU = 1 << 20;
    /** What we accept at most even when we announced 0 (no limit): guards memory, pitfall 1. */
    public static final int INTERNAL_CAP = 16 << 20;

    private final InputStream in;
    private final String peer;
    private final long maxPDataLength;
    private final byte[] header = new byte[6];

    /**
     * @param maxPDataLength the maximum PDU length we announced in our User Information, 0 for none
     * @param peer           who is on the other side, for messages
     */
    public PduReader(InputStream in, long maxPDataLength, String peer) {
        this.in = in;
        this.peer = peer;
        this.maxPDataLength = maxPDataLength <= 0 ? INTERNAL_CAP : Math.min(maxPDataLength, INTERNAL_CAP);
    }

    /** The next PDU, or null when the peer closed the connection cleanly between PDUs. */
    public Pdu read() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        header[0] = (byte) first;
        readFully(header, 1, 5, "PDU header");
        int type = header[0] & 0xFF;
        long length = ((header[2] & 0xFFL) << 24) | ((header[3] & 0xFFL) << 16) | ((header[4] & 0xFFL) << 8)
                | (header[5] & 0xFFL);
        switch (type) {
            case Pdu.P_DATA_TF:
                if (length > maxPDataLength) {
                    throw new PduProtocolException(AAbort.REASON_INVALID_PDU_PARAMETER_VALUE, "P-DATA-TF from " + peer
                            + " has length " + length + ", more than the maximum PDU length " + maxPDataLength
                            + " we announced (PS3.8 D.1)");
                }
                return readPData(body((int) length, "P-DATA-TF"));
            case Pdu.A_ASSOCIATE_RQ:
            case Pdu.A_ASSOCIATE_AC:
                if (length > MAX_ASSOCIATION_PDU || length < 68) {
                    throw new PduProtocolException(AAbort.REASON_INVALID_PDU_PARAMETER_VALUE, name(type) + " from " + peer
                            + " has length " + length + " (must be 68.." + MAX_ASSOCIATION_PDU + ")");
                }
                byte[] b = body((int) length, name(type));
                return type == Pdu.A_ASSOCIATE_RQ ? readAssociateRq(b) : readAssociateAc(b);
            case Pdu.A_ASSOCIATE_RJ:
            case Pdu.A_RELEASE_RQ:
            case Pdu.A_RELEASE_RP:
            case Pdu.A_ABORT:
                if (length != 4) {
                    throw new PduProtocolException(AAbort.REASON_INVALID_PDU_PARAMETER_VALUE, name(type) + " from " + peer
                            + " has length " + length + "; PS3.8 9.3 fixes it at 4");
                }
                byte[] f = body(4, name(type));
                if (type == Pdu.A_ASSOCIATE_RJ) {
                    return new AAssociateRj(f[1] & 0xFF, f[2] & 0xFF, f[3] & 0xFF);
                }
                if (type == Pdu.A_ABORT) {
                    return new AAbort(f[2] & 0xFF, f[3] & 0xFF);
                }
                return type == Pdu.A_RELEASE_RQ ? new AReleaseRq() : new AReleaseRp();
            default:
                throw new PduProtocolException(AAbort.REASON_UNRECOGNIZED_PDU, String.format(
                        "unrecognized PDU type 0x%02X from %s (PS3.8 9.3 defines 0x01-0x07)", type, peer));
        }
    }

    static String name(int type) {
        switch (type) {
            case Pdu.A_ASSOCIATE_RQ: return "A-ASSOCIATE-RQ";
            case Pdu.A_ASSOCIATE_AC: return "A-ASSOCIATE-AC";
            case Pdu.A_ASSOCIATE_RJ: return "A-ASSOCIATE-RJ";
            case Pdu.P_DATA_TF: return "P-DATA-TF";
            case Pdu.A_RELEASE_RQ: return "A-RELEASE-RQ";
            case Pdu.A_RELEASE_RP: return "A-RELEASE-RP";
            case Pdu.A_ABORT: return "A-ABORT";
            default: return String.format("PDU type 0x%02X", type);
        }
    }

    private byte[] body(int length, String what) throws IOException {
        byte[] b = new byte[length];
        readFully(b, 0, length, what);
        return b;
    }

    private void readFully(byte[] b, int off, int len, String what) throws IOException {
        int done = 0;
        while (done < len) {
            int r = in.read(b, off + done, len - done);
            if (r < 0) {
                throw new EOFException(peer + " closed the connection inside a " + what + " after " + done + " of "
                        + len + " bytes");
            }
            done += r;
        }
    }

    private PDataTf readPData(byte[] b) throws PduProtocolException {
        List<Pdv> pdvs = new ArrayList<>(2);
        int pos = 0;
        while (pos < b.length) {
            if (b.length - pos < 6) {
                throw invalid("P-DATA-TF: " + (b.length - pos) + " stray bytes at offset " + pos
                        + " where a PDV item (at least 6 bytes) was expected");
            }
            long itemLength = u32(b, pos);
            if (itemLength < 2 || itemLength > b.length - pos - 4) {
                throw invalid("P-DATA-TF: PDV item at offset " + pos + " has length " + itemLength
                        + ", but only " + (b.length - pos - 4) + " bytes remain in the PDU (PS3.8 9.3.5.1)");
            }
            int contextId = b[pos + 4] & 0xFF;
            int mch = b[pos + 5] & 0xFF;
            if ((contextId & 1) == 0) {
                throw invalid("P-DATA-TF: PDV with even presentation context id " + contextId);
            }
            pdvs.add(new Pdv(contextId, (mch & Pdv.COMMAND) != 0, (mch & Pdv.LAST) != 0, b, pos + 6,
                    (int) itemLength - 2));
            pos += 4 + (int) itemLength;
        }
        if (pdvs.isEmpty()) {
            throw invalid("P-DATA-TF without any PDV item (PS3.8 9.3.5 requires one or more)");
        }
        return new PDataTf(pdvs);
    }

    private AAssociateRq readAssociateRq(byte[] b) throws PduProtocolException {
        Fixed f = fixed(b);
        String appContext = null;
        List<PresentationContextRq> pcs = new ArrayList<>();
        UserInformation ui = null;
        int pos = 68;
        while (pos < b.length) {
            int itemType = item(b, pos, b.length, "A-ASSOCIATE-RQ");
            int len = u16(b, pos + 2);
            int start = pos + 4;
            int end = start + len;
            if (itemType == 0x10) {
                appContext = ascii(b, start, len);
            } else if (itemType == 0x20) {
                PresentationContextRq pc = readPresentationContextRq(b, start, end);
                for (PresentationContextRq earlier : pcs) {
                    // PS3.8 7.1.1.13: the requestor assigns an unused identifier to each proposed context; a reused one
                    // would make the answer and every P-DATA for that id ambiguous.
                    need(earlier.id() != pc.id(), "A-ASSOCIATE-RQ: presentation context id " + pc.id()
                            + " is proposed twice (PS3.8 7.1.1.13: each context needs its own id)");
                }
                pcs.add(pc);
            } else if (itemType == 0x50) {
                ui = readUserInformation(b, start, end, "A-ASSOCIATE-RQ");
            } else {
                throw new PduProtocolException(AAbort.REASON_UNRECOGNIZED_PDU_PARAMETER, String.format(
                        "A-ASSOCIATE-RQ from %s: unrecognized item type 0x%02X at offset %d", peer, itemType, pos + 6));
            }
            pos = end;
        }
        requireAssociationItems("A-ASSOCIATE-RQ", appContext, ui);
        return new AAssociateRq(f.version, f.called, f.calling, appContext, pcs, ui);
    }

    private AAssociateAc readAssociateAc(byte[] b) throws PduProtocolException {
        Fixed f = fixed(b);
        String appContext = null;
        List<PresentationContextAc> pcs = new ArrayList<>();
        UserInformation ui = null;
        int pos = 68;
        while (pos < b.length) {
            int itemType = item(b, pos, b.length, "A-ASSOCIATE-AC");
            int len = u16(b, pos + 2);
            int start = pos + 4;
            int end = start + len;
            if (itemType == 0x10) {
                appContext = ascii(b, start, len);
            } else if (itemType == 0x21) {
                if (len < 4) {
                    throw invalid("A-ASSOCIATE-AC: presentation context item at offset " + (pos + 6) + " is too short");
                }
                int id = b[start] & 0xFF;
                int result = b[start + 2] & 0xFF;
                String ts = "";
                int p = start + 4;
                while (p < end) {
                    int sub = item(b, p, end, "A-ASSOCIATE-AC presentation context " + id);
                    int sl = u16(b, p + 2);
                    if (sub == 0x40) {
                        ts = ascii(b, p + 4, sl);
                    }
                    p += 4 + sl;
                }
                pcs.add(new PresentationContextAc(id, result, ts));
            } else if (itemType == 0x50) {
                ui = readUserInformation(b, start, end, "A-ASSOCIATE-AC");
            } else {
                throw new PduProtocolException(AAbort.REASON_UNRECOGNIZED_PDU_PARAMETER, String.format(
                        "A-ASSOCIATE-AC from %s: unrecognized item type 0x%02X at offset %d", peer, itemType, pos + 6));
            }
            pos = end;
        }
        requireAssociationItems("A-ASSOCIATE-AC", appContext, ui);
        return new AAssociateAc(f.version, f.called, f.calling, appContext, pcs, ui);
    }

    private void requireAssociationItems(String what, String appContext, UserInformation ui) throws PduProtocolException {
        if (appContext == null) {
            throw new PduProtocolException(AAbort.REASON_INVALID_PDU_PARAMETER_VALUE,
                    what + " from " + peer + " has no Application Context item (PS3.8 9.3.2)");
        }
        if (ui == null) {
            throw new PduProtocolException(AAbort.REASON_INVALID_PDU_PARAMETER_VALUE,
                    what + " from " + peer + " has no User Information item (PS3.7 D.3.3 requires Maximum Length)");
        }
    }

    private PresentationContextRq readPresentationContextRq(byte[] b, int start, int end) throws PduProtocolException {
        if (end - start < 4) {
            throw invalid("A-ASSOCIATE-RQ: presentation context item at offset " + (start + 2) + " is too short");
        }
        int id = b[start] & 0xFF;
        String abstractSyntax = null;
        List<String> tss = new ArrayList<>();
        int p = start + 4;
        while (p < end) {
            int sub = item(b, p, end, "A-ASSOCIATE-RQ presentation context " + id);
            int sl = u16(b, p + 2);
            if (sub == 0x30) {
                abstractSyntax = ascii(b, p + 4, sl);
            } else if (sub == 0x40) {
                tss.add(ascii(b, p + 4, sl));
            }
            p += 4 + sl;
        }
        if (abstractSyntax == null || tss.isEmpty() || (id & 1) == 0) {
            throw invalid("A-ASSOCIATE-RQ: presentation context " + id
                    + " needs an odd id, one abstract syntax and at least one transfer syntax (PS3.8 9.3.2.2)");
        }
        return new PresentationContextRq(id, abstractSyntax, tss);
    }

    private UserInformation readUserInformation(byte[] b, int start, int end, String what) throws PduProtocolException {
        long maxLength = -1;
        String implClass = null;
        String implVersion = null;
        int invoked = -1;
        int performed = -1;
        List<RoleSelection> roles = new ArrayList<>();
        List<ExtendedNegotiation> ext = new ArrayList<>();
        List<CommonExtendedNegotiation> common = new ArrayList<>();
        UserIdentity identity = null;
        byte[] serverResponse = null;
        int p = start;
        while (p < end) {
            int sub = item(b, p, end, what + " user information");
            int len = u16(b, p + 2);
            int s = p + 4;
            switch (sub) {
                case 0x51:
                    need(len == 4, what + ": Maximum Length sub-item must have length 4");
                    maxLength = u32(b, s);
                    break;
                case 0x52:
                    implClass = ascii(b, s, len);
                    break;
                case 0x55:
                    implVersion = ascii(b, s, len);
                    break;
                case 0x53:
                    need(len == 4, what + ": Asynchronous Operations Window sub-item must have length 4");
                    invoked = u16(b, s);
                    performed = u16(b, s + 2);
                    break;
                case 0x54: {
                    need(len >= 4, what + ": SCP/SCU Role Selection sub-item too short");
                    int ul = u16(b, s);
                    need(ul + 4 == len, what + ": SCP/SCU Role Selection UID length " + ul + " does not fit item length " + len);
                    roles.add(new RoleSelection(ascii(b, s + 2, ul), b[s + 2 + ul] != 0, b[s + 3 + ul] != 0));
                    break;
                }
                case 0x56: {
                    need(len >= 2, what + ": SOP Class Extended Negotiation sub-item too short");
                    int ul = u16(b, s);
                    need(ul + 2 <= len, what + ": SOP Class Extended Negotiation UID length " + ul + " exceeds the item");
                    byte[] info = new byte[len - 2 - ul];
                    System.arraycopy(b, s + 2 + ul, info, 0, info.length);
                    ext.add(new ExtendedNegotiation(ascii(b, s + 2, ul), info));
                    break;
                }
                case 0x57: {
                    int q = s;
                    int e = s + len;
                    need(q + 2 <= e, what + ": Common Extended Negotiation sub-item too short");
                    int l1 = u16(b, q);
                    need(q + 2 + l1 + 2 <= e, what + ": Common Extended Negotiation SOP class UID exceeds the item");
                    String sop = ascii(b, q + 2, l1);
                    q += 2 + l1;
                    int l2 = u16(b, q);
                    need(q + 2 + l2 + 2 <= e, what + ": Common Extended Negotiation service class UID exceeds the item");
                    String svc = ascii(b, q + 2, l2);
                    q += 2 + l2;
                    int l3 = u16(b, q);
                    q += 2;
                    need(q + l3 <= e, what + ": Common Extended Negotiation related classes exceed the item");
                    List<String> related = new ArrayList<>();
                    int qe = q + l3;
                    while (q < qe) {
                        need(q + 2 <= qe, what + ": Related General SOP Class sub-item truncated");
                        int l = u16(b, q);
                        need(q + 2 + l <= qe, what + ": Related General SOP Class UID exceeds the item");
                        related.add(ascii(b, q + 2, l));
                        q += 2 + l;
                    }
                    common.add(new CommonExtendedNegotiation(sop, svc, related));
                    break;
                }
                case 0x58: {
                    need(len >= 6, what + ": User Identity sub-item too short");
                    int type = b[s] & 0xFF;
                    boolean positive = b[s + 1] != 0;
                    int l1 = u16(b, s + 2);
                    need(4 + l1 + 2 <= len, what + ": User Identity primary field exceeds the item");
                    byte[] primary = new byte[l1];
                    System.arraycopy(b, s + 4, primary, 0, l1);
                    int l2 = u16(b, s + 4 + l1);
                    need(6 + l1 + l2 <= len, what + ": User Identity secondary field exceeds the item");
                    byte[] secondary = new byte[l2];
                    System.arraycopy(b, s + 6 + l1, secondary, 0, l2);
                    identity = new UserIdentity(type, positive, primary, secondary);
                    break;
                }
                case 0x59: {
                    need(len >= 2, what + ": User Identity server response sub-item too short");
                    int l = u16(b, s);
                    need(2 + l <= len, what + ": User Identity server response exceeds the item");
                    serverResponse = new byte[l];
                    System.arraycopy(b, s + 2, serverResponse, 0, l);
                    break;
                }
                default:
                    // PS3.7 D.3.3: sub-items we do not know are ignored, so newer peers still associate.
                    break;
            }
            p = s + len;
        }
        need(maxLength >= 0, what + " from " + peer + ": User Information has no Maximum Length sub-item (PS3.8 D.1)");
        return new UserInformation(maxLength, implClass, implVersion, invoked, performed, roles, ext, common, identity,
                serverResponse);
    }

    private record Fixed(int version, String called, String calling) {
    }

    private Fixed fixed(byte[] b) {
        return new Fixed(u16(b, 0), aeTitle(b, 4), aeTitle(b, 20));
    }

    /** Checks an item header at p fits before end; returns its type. */
    private int item(byte[] b, int p, int end, String what) throws PduProtocolException {
        if (end - p < 4) {
            throw invalid(what + ": truncated item header at offset " + (p + 6));
        }
        int len = u16(b, p + 2);
        if (p + 4 + len > end) {
            throw invalid(String.format("%s: item 0x%02X at offset %d has length %d beyond the end of its parent",
                    what, b[p] & 0xFF, p + 6, len));
        }
        return b[p] & 0xFF;
    }

    private void need(boolean ok, String message) throws PduProtocolException {
        if (!ok) {
            throw invalid(message);
        }
    }

    private PduProtocolException invalid(String message) {
        return new PduProtocolException(AAbort.REASON_INVALID_PDU_PARAMETER_VALUE, message + " (peer " + peer + ")");
    }

    static String aeTitle(byte[] b, int off) {
        return new String(b, off, 16, StandardCharsets.US_ASCII).trim();
    }

    /** UIDs are padded with NUL to even length on the wire by some peers (PS3.8 9.3.2.2 allows none, we tolerate it). */
    static String ascii(byte[] b, int off, int len) {
        int end = off + len;
        while (end > off && (b[end - 1] == 0 || b[end - 1] == ' ')) {
            end--;
        }
        return new String(b, off, end - off, StandardCharsets.US_ASCII);
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    static long u32(byte[] b, int off) {
        return ((b[off] & 0xFFL) << 24) | ((b[off + 1] & 0xFFL) << 16) | ((b[off + 2] & 0xFFL) << 8) | (b[off + 3] & 0xFFL);
    }
}
