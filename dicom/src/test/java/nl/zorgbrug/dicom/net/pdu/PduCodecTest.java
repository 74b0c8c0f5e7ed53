package nl.zorgbrug.dicom.net.pdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class PduCodecTest {

    static AAssociateRq fullRequest() {
        UserInformation ui = UserInformation.of(16384, "1.2.3.4", "TEST_1")
                .withAsyncOps(3, 2)
                .withRoleSelections(List.of(new RoleSelection("1.2.840.10008.5.1.4.1.1.2", true, true)))
                .withExtendedNegotiations(List.of(new ExtendedNegotiation("1.2.840.10008.5.1.4.1.2.2.1", new byte[] {1, 0, 1})))
                .withCommonExtendedNegotiations(List.of(new CommonExtendedNegotiation("1.2.840.10008.5.1.4.1.1.2.1",
                        "1.2.840.10008.4.2", List.of("1.2.840.10008.5.1.4.1.1.2"))))
                .withUserIdentity(UserIdentity.usernameAndPasscode("radioloog", "geheim", true));
        return new AAssociateRq(1, "ZORGBRUG", "MODALITY1", AAssociateRq.DICOM_APPLICATION_CONTEXT,
                List.of(new PresentationContextRq(1, "1.2.840.10008.1.1", List.of("1.2.840.10008.1.2")),
                        new PresentationContextRq(3, "1.2.840.10008.5.1.4.1.1.2",
                                List.of("1.2.840.10008.1.2.1", "1.2.840.10008.1.2"))),
                ui);
    }

    static Pdu roundTrip(Pdu pdu) throws IOException {
        byte[] bytes = PduWriter.encode(pdu);
        PduReader reader = new PduReader(new ByteArrayInputStream(bytes), 1 << 16, "test");
        Pdu back = reader.read();
        assertThat(reader.read()).as("nothing after the PDU").isNull();
        return back;
    }

    @Test
    void associateRequestKeepsEveryItemAndSubItem() throws IOException {
        AAssociateRq rq = fullRequest();
        AAssociateRq back = (AAssociateRq) roundTrip(rq);
        assertThat(back.calledAeTitle()).isEqualTo("ZORGBRUG");
        assertThat(back.callingAeTitle()).isEqualTo("MODALITY1");
        assertThat(back.presentationContexts()).isEqualTo(rq.presentationContexts());
        UserInformation ui = back.userInformation();
        assertThat(ui.maxPduLength()).isEqualTo(16384);
        assertThat(ui.implementationClassUid()).isEqualTo("1.2.3.4");
        assertThat(ui.implementationVersionName()).isEqualTo("TEST_1");
        assertThat(ui.asyncOpsInvoked()).isEqualTo(3);
        assertThat(ui.asyncOpsPerformed()).isEqualTo(2);
        assertThat(ui.roleSelections()).containsExactly(new RoleSelection("1.2.840.10008.5.1.4.1.1.2", true, true));
        assertThat(ui.extendedNegotiations()).hasSize(1);
        assertThat(ui.extendedNegotiations().get(0).applicationInformation()).containsExactly(1, 0, 1);
        assertThat(ui.commonExtendedNegotiations()).isEqualTo(rq.userInformation().commonExtendedNegotiations());
        assertThat(ui.userIdentity().type()).isEqualTo(UserIdentity.USERNAME_AND_PASSCODE);
        assertThat(ui.userIdentity().username()).isEqualTo("radioloog");
        assertThat(new String(ui.userIdentity().secondaryField(), StandardCharsets.UTF_8)).isEqualTo("geheim");
        assertThat(ui.userIdentity().toString()).doesNotContain("geheim");
    }

    @Test
    void associateRequestWireLayoutFollowsPs38() {
        byte[] b = PduWriter.encode(fullRequest());
        assertThat(b[0]).isEqualTo((byte) 0x01);
        long length = ((b[2] & 0xFFL) << 24) | ((b[3] & 0xFFL) << 16) | ((b[4] & 0xFFL) << 8) | (b[5] & 0xFFL);
        assertThat(length).isEqualTo(b.length - 6);
        assertThat(new String(b, 10, 16, StandardCharsets.US_ASCII)).isEqualTo("ZORGBRUG        ");
        assertThat(new String(b, 26, 16, StandardCharsets.US_ASCII)).isEqualTo("MODALITY1       ");
        assertThat(b[74]).as("first item is the application context").isEqualTo((byte) 0x10);
    }

    @Test
    void associateAcceptKeepsRejectedContextWithoutTransferSyntax() throws IOException {
        AAssociateAc ac = new AAssociateAc(1, "ZORGBRUG", "MODALITY1", AAssociateRq.DICOM_APPLICATION_CONTEXT,
                List.of(new PresentationContextAc(1, PresentationContextAc.ACCEPTANCE, "1.2.840.10008.1.2"),
                        new PresentationContextAc(3, PresentationContextAc.ABSTRACT_SYNTAX_NOT_SUPPORTED, "")),
                UserInformation.of(0, "1.2.3", null).withUserIdentityServerResponse(new byte[0]));
        AAssociateAc back = (AAssociateAc) roundTrip(ac);
        assertThat(back.presentationContexts()).isEqualTo(ac.presentationContexts());
        assertThat(back.userInformation().maxPduLength()).isZero();
        assertThat(back.userInformation().userIdentityServerResponse()).isEmpty();
    }

    @Test
    void rejectedContextWithoutAnyTransferSyntaxSubItemIsRead() throws IOException {
        AAssociateAc ac = new AAssociateAc(1, "A", "B", AAssociateRq.DICOM_APPLICATION_CONTEXT,
                List.of(new PresentationContextAc(3, PresentationContextAc.ABSTRACT_SYNTAX_NOT_SUPPORTED, "")),
                UserInformation.of(0, null, null));
        byte[] b = PduWriter.encode(ac);
        // Find the 0x21 item and drop its empty 0x40 sub-item (4 bytes), fixing the lengths (pitfall 10).
        int p = 6 + 68;
        while ((b[p] & 0xFF) != 0x21) {
            p += 4 + (((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF));
        }
        assertThat(b[p + 3]).isEqualTo((byte) 8);
        byte[] cut = new byte[b.length - 4];
        System.arraycopy(b, 0, cut, 0, p + 8);
        System.arraycopy(b, p + 12, cut, p + 8, b.length - p - 12);
        cut[p + 3] = 4;
        long len = b.length - 6 - 4;
        cut[4] = (byte) (len >> 8);
        cut[5] = (byte) len;
        AAssociateAc back = (AAssociateAc) new PduReader(new ByteArrayInputStream(cut), 16384, "t").read();
        assertThat(back.presentationContexts()).containsExactly(
                new PresentationContextAc(3, PresentationContextAc.ABSTRACT_SYNTAX_NOT_SUPPORTED, ""));
    }

    @Test
    void fixedLengthPdusRoundTrip() throws IOException {
        assertThat(roundTrip(new AAssociateRj(1, 1, 3))).isEqualTo(new AAssociateRj(1, 1, 3));
        assertThat(roundTrip(new AReleaseRq())).isEqualTo(new AReleaseRq());
        assertThat(roundTrip(new AReleaseRp())).isEqualTo(new AReleaseRp());
        assertThat(roundTrip(AAbort.byProvider(2))).isEqualTo(AAbort.byProvider(2));
    }

    @Property(tries = 200)
    void pDataRoundTripsAnyPdvs(@ForAll @Size(min = 1, max = 5) List<@Size(max = 300) byte[]> values,
                                @ForAll @IntRange(min = 0, max = 127) int ctx) throws IOException {
        int contextId = ctx * 2 + 1;
        List<Pdv> pdvs = new java.util.ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            pdvs.add(new Pdv(contextId, i % 2 == 0, i == values.size() - 1, values.get(i), 0, values.get(i).length));
        }
        PDataTf back = (PDataTf) roundTrip(new PDataTf(pdvs));
        assertThat(back.pdvs()).hasSize(values.size());
        for (int i = 0; i < values.size(); i++) {
            Pdv p = back.pdvs().get(i);
            assertThat(p.contextId()).isEqualTo(contextId);
            assertThat(p.command()).isEqualTo(i % 2 == 0);
            assertThat(p.last()).isEqualTo(i == values.size() - 1);
            assertThat(Arrays.copyOfRange(p.buffer(), p.offset(), p.offset() + p.length())).isEqualTo(values.get(i));
        }
    }

    // ---- malformed input

    private static PduReader reader(byte[] b, long max) {
        return new PduReader(new ByteArrayInputStream(b), max, "peer");
    }

    @Test
    void unknownPduTypeIsUnrecognizedPdu() {
        byte[] b = {0x09, 0, 0, 0, 0, 4, 0, 0, 0, 0};
        assertThatThrownBy(() -> reader(b, 16384).read()).isInstanceOf(PduProtocolException.class)
                .hasMessageContaining("0x09")
                .satisfies(e -> assertThat(((PduProtocolException) e).abortReason()).isEqualTo(AAbort.REASON_UNRECOGNIZED_PDU));
    }

    @Test
    void pDataLongerThanOurMaximumIsRejectedBeforeReading() {
        byte[] b = {0x04, 0, 0, 0, 0x40, 0x01};   // 16385 > 16384, and no body follows
        assertThatThrownBy(() -> reader(b, 16384).read()).isInstanceOf(PduProtocolException.class)
                .hasMessageContaining("16385").hasMessageContaining("16384");
    }

    @Test
    void maximumZeroStillHasAnInternalCap() {
        byte[] b = {0x04, 0, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertThatThrownBy(() -> reader(b, 0).read()).isInstanceOf(PduProtocolException.class);
    }

    @Test
    void truncatedPduIsEofNamingTheProgress() {
        byte[] full = PduWriter.encode(fullRequest());
        byte[] cut = Arrays.copyOf(full, full.length - 10);
        assertThatThrownBy(() -> reader(cut, 16384).read()).isInstanceOf(EOFException.class)
                .hasMessageContaining("A-ASSOCIATE-RQ").hasMessageContaining("of " + (full.length - 6));
    }

    @Test
    void pdvLengthBeyondThePduIsInvalid() {
        byte[] b = {0x04, 0, 0, 0, 0, 8, 0, 0, 0, 9, 1, 3, 0, 0};
        assertThatThrownBy(() -> reader(b, 16384).read()).isInstanceOf(PduProtocolException.class)
                .hasMessageContaining("PDV item at offset 0 has length 9");
    }

    @Test
    void itemBeyondItsParentIsInvalid() {
        byte[] b = PduWriter.encode(fullRequest());
        // First item (application context) at offset 74: make its length run past the PDU end.
        b[76] = (byte) 0x7F;
        assertThatThrownBy(() -> reader(b, 16384).read()).isInstanceOf(PduProtocolException.class)
                .hasMessageContaining("beyond the end of its parent");
    }

    @Test
    void releaseRqWithWrongLengthIsInvalid() {
        byte[] b = {0x05, 0, 0, 0, 0, 2, 0, 0};
        assertThatThrownBy(() -> reader(b, 16384).read()).isInstanceOf(PduProtocolException.class)
                .hasMessageContaining("fixes it at 4");
    }

    @Test
    void cleanCloseBetweenPdusIsNull() throws IOException {
        assertThat(reader(new byte[0], 16384).read()).isNull();
    }
}
