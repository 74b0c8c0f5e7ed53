package nl.zorgbrug.dicom.net.pdu;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Encodes PDUs in the big-endian wire format of PS3.8 9.3. */
public final class PduWriter {
    private PduWriter() {
    }

    public static void write(OutputStream out, Pdu pdu) throws IOException {
        out.write(encode(pdu));
    }

    public static byte[] encode(Pdu pdu) {
        Buf body = new Buf();
        if (pdu instanceof AAssociateRq rq) {
            fixed(body, rq.protocolVersion(), rq.calledAeTitle(), rq.callingAeTitle());
            item(body, 0x10, ascii(rq.applicationContext()));
            for (PresentationContextRq pc : rq.presentationContexts()) {
                Buf b = new Buf();
                b.u8(pc.id()).u8(0).u8(0).u8(0);
                item(b, 0x30, ascii(pc.abstractSyntax()));
                for (String ts : pc.transferSyntaxes()) {
                    item(b, 0x40, ascii(ts));
                }
                item(body, 0x20, b.toByteArray());
            }
            item(body, 0x50, userInformation(rq.userInformation()));
        } else if (pdu instanceof AAssociateAc ac) {
            fixed(body, ac.protocolVersion(), ac.calledAeTitle(), ac.callingAeTitle());
            item(body, 0x10, ascii(ac.applicationContext()));
            for (PresentationContextAc pc : ac.presentationContexts()) {
                Buf b = new Buf();
                b.u8(pc.id()).u8(0).u8(pc.result()).u8(0);
                // PS3.8 9.3.3.2: the transfer syntax sub-item is only significant on acceptance;
                // we always send one (an empty one on rejection), which every peer we know reads.
                item(b, 0x40, ascii(pc.transferSyntax() == null ? "" : pc.transferSyntax()));
                item(body, 0x21, b.toByteArray());
            }
            item(body, 0x50, userInformation(ac.userInformation()));
        } else if (pdu instanceof AAssociateRj rj) {
            body.u8(0).u8(rj.result()).u8(rj.source()).u8(rj.reason());
        } else if (pdu instanceof PDataTf p) {
            for (Pdv pdv : p.pdvs()) {
                body.u32(pdv.length() + 2L).u8(pdv.contextId()).u8(pdv.messageControlHeader());
                body.write(pdv.buffer(), pdv.offset(), pdv.length());
            }
        } else if (pdu instanceof AAbort a) {
            body.u8(0).u8(0).u8(a.source()).u8(a.reason());
        } else {
            body.u32(0); // A-RELEASE-RQ and -RP: four reserved bytes
        }
        Buf out = new Buf();
        out.u8(pdu.type()).u8(0).u32(body.size());
        out.write(body.toByteArray(), 0, body.size());
        return out.toByteArray();
    }

    private static void fixed(Buf b, int version, String called, String calling) {
        b.u16(version).u16(0);
        b.write(aeTitle(called), 0, 16);
        b.write(aeTitle(calling), 0, 16);
        b.write(new byte[32], 0, 32);
    }

    private static byte[] userInformation(UserInformation ui) {
        Buf b = new Buf();
        Buf max = new Buf();
        max.u32(ui.maxPduLength());
        item(b, 0x51, max.toByteArray());
        if (ui.implementationClassUid() != null) {
            item(b, 0x52, ascii(ui.implementationClassUid()));
        }
        if (ui.asyncOpsInvoked() >= 0) {
            Buf a = new Buf();
            a.u16(ui.asyncOpsInvoked()).u16(Math.max(0, ui.asyncOpsPerformed()));
            item(b, 0x53, a.toByteArray());
        }
        for (RoleSelection r : ui.roleSelections()) {
            Buf s = new Buf();
            byte[] uid = ascii(r.sopClassUid());
            s.u16(uid.length);
            s.write(uid, 0, uid.length);
            s.u8(r.scu() ? 1 : 0).u8(r.scp() ? 1 : 0);
            item(b, 0x54, s.toByteArray());
        }
        if (ui.implementationVersionName() != null && !ui.implementationVersionName().isEmpty()) {
            item(b, 0x55, ascii(ui.implementationVersionName()));
        }
        for (ExtendedNegotiation e : ui.extendedNegotiations()) {
            Buf s = new Buf();
            byte[] uid = ascii(e.sopClassUid());
            s.u16(uid.length);
            s.write(uid, 0, uid.length);
            byte[] info = e.applicationInformation();
            s.write(info, 0, info.length);
            item(b, 0x56, s.toByteArray());
        }
        for (CommonExtendedNegotiation c : ui.commonExtendedNegotiations()) {
            Buf s = new Buf();
            lengthPrefixed(s, ascii(c.sopClassUid()));
            lengthPrefixed(s, ascii(c.serviceClassUid()));
            Buf rel = new Buf();
            for (String r : c.relatedGeneralSopClassUids()) {
                lengthPrefixed(rel, ascii(r));
            }
            lengthPrefixed(s, rel.toByteArray());
            item(b, 0x57, s.toByteArray());
        }
        if (ui.userIdentity() != null) {
            UserIdentity id = ui.userIdentity();
            Buf s = new Buf();
            s.u8(id.type()).u8(id.positiveResponseRequested() ? 1 : 0);
            lengthPrefixed(s, id.primaryField());
            lengthPrefixed(s, id.secondaryField());
            item(b, 0x58, s.toByteArray());
        }
        if (ui.userIdentityServerResponse() != null) {
            Buf s = new Buf();
            lengthPrefixed(s, ui.userIdentityServerResponse());
            item(b, 0x59, s.toByteArray());
        }
        return b.toByteArray();
    }

    private static void lengthPrefixed(Buf b, byte[] value) {
        b.u16(value.length);
        b.write(value, 0, value.length);
    }

    private static void item(Buf b, int type, byte[] value) {
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException(String.format("item 0x%02X of %d bytes exceeds the 16-bit item length",
                    type, value.length));
        }
        b.u8(type).u8(0).u16(value.length);
        b.write(value, 0, value.length);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** AE titles: 16 bytes, padded with spaces (PS3.8 9.3.2). */
    private static byte[] aeTitle(String ae) {
        byte[] b = new byte[16];
        java.util.Arrays.fill(b, (byte) ' ');
        byte[] s = ascii(ae == null ? "" : ae);
        if (s.length > 16) {
            throw new IllegalArgumentException("AE title '" + ae + "' is longer than 16 characters (PS3.5 6.2, AE)");
        }
        System.arraycopy(s, 0, b, 0, s.length);
        return b;
    }

    private static final class Buf extends ByteArrayOutputStream {
        Buf u8(int v) {
            write(v);
            return this;
        }

        Buf u16(int v) {
            write(v >> 8);
            write(v);
            return this;
        }

        Buf u32(long v) {
            write((int) (v >> 24));
            write((int) (v >> 16));
            write((int) (v >> 8));
            write((int) v);
            return this;
        }
    }
}
