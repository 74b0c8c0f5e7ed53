package nl.zorgbrug.dicom.net.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.dicom.data.Tag;

class CommandSetTest {

    @Test
    void storeRequestRoundTripsWithCorrectGroupLength() throws IOException {
        CommandSet rq = CommandSet.cStoreRq(7, "1.2.840.10008.5.1.4.1.1.2", "1.2.3.4.5", 0, "MOVER", 3);
        byte[] b = rq.encode();
        // (0000,0000) UL first, implicit VR: tag(4) length(4)=4 value(4)
        assertThat(b[0] | b[1] | b[2] | b[3]).isZero();
        assertThat(b[4]).isEqualTo((byte) 4);
        long groupLength = (b[8] & 0xFFL) | (b[9] & 0xFFL) << 8 | (b[10] & 0xFFL) << 16 | (b[11] & 0xFFL) << 24;
        assertThat(groupLength).isEqualTo(b.length - 12);
        CommandSet back = CommandSet.decode(b, b.length, "test");
        assertThat(back.commandField()).isEqualTo(CommandField.C_STORE_RQ);
        assertThat(back.messageId()).isEqualTo(7);
        assertThat(back.affectedSopClassUid()).isEqualTo("1.2.840.10008.5.1.4.1.1.2");
        assertThat(back.affectedSopInstanceUid()).isEqualTo("1.2.3.4.5");
        assertThat(back.string(Tag.MoveOriginatorApplicationEntityTitle)).isEqualTo("MOVER");
        assertThat(back.hasDataSet()).isTrue();
    }

    @Test
    void responseEchoesTheRequest() throws IOException {
        CommandSet rq = CommandSet.cStoreRq(9, "1.2.840.10008.5.1.4.1.1.2", "1.2.3", 0, null, 0);
        CommandSet rsp = CommandSet.response(rq, Status.COERCION_OF_DATA_ELEMENTS.withComment("patient ID swapped"));
        CommandSet back = CommandSet.decode(rsp.encode(), rsp.encode().length, "test");
        assertThat(back.commandField()).isEqualTo(CommandField.C_STORE_RSP);
        assertThat(back.messageIdBeingRespondedTo()).isEqualTo(9);
        assertThat(back.hasDataSet()).isFalse();
        assertThat(back.status().code()).isEqualTo(0xB000);
        assertThat(back.status().isWarning()).isTrue();
        assertThat(back.status().errorComment()).isEqualTo("patient ID swapped");
        assertThat(back.affectedSopInstanceUid()).isEqualTo("1.2.3");
    }

    @Test
    void elementsOutsideGroupZeroAreRejected() {
        byte[] b = {0x08, 0, 0x18, 0, 2, 0, 0, 0, '1', 0};
        assertThatThrownBy(() -> CommandSet.decode(b, b.length, "peer")).hasMessageContaining("(0008,0018)");
    }

    @Test
    void statusCategories() {
        assertThat(new Status(0xA700, null).isFailure()).isTrue();
        assertThat(new Status(0xB007, null).isWarning()).isTrue();
        assertThat(new Status(0xFF01, null).isPending()).isTrue();
        assertThat(Status.SUCCESS.isFailure()).isFalse();
        assertThat(new Status(0xC000, null).withComment("x".repeat(100)).errorComment()).hasSize(64);
    }
}
