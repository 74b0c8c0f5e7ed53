package nl.zorgbrug.dicom.net.dimse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Element;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomInput;
import nl.zorgbrug.dicom.io.DicomReader;
import nl.zorgbrug.dicom.io.DicomWriter;

/**
 * A DIMSE command set (PS3.7 6.3, 9.3, 10.3): elements of group 0000, always encoded in implicit VR
 * little endian with Command Group Length (0000,0000) first, whatever the presentation context's
 * transfer syntax.
 */
public final class CommandSet {
    /** Command Data Set Type value meaning "no data set follows" (PS3.7 E.1). */
    public static final int NO_DATA_SET = 0x0101;
    /** Any other value means a data set follows; 0x0000 is customary. */
    public static final int DATA_SET_PRESENT = 0x0000;

    public static final int PRIORITY_MEDIUM = 0x0000;

    private final DataSet elements;

    public CommandSet() {
        this(new DataSet());
    }

    private CommandSet(DataSet elements) {
        this.elements = elements;
    }

    public DataSet elements() {
        return elements;
    }

    // ---- factories for the messages we send

    public static CommandSet cEchoRq(int messageId) {
        return new CommandSet()
                .uid(Tag.AffectedSOPClassUID, "1.2.840.10008.1.1")
                .us(Tag.CommandField, CommandField.C_ECHO_RQ)
                .us(Tag.MessageID, messageId)
                .us(Tag.CommandDataSetType, NO_DATA_SET);
    }

    public static CommandSet cStoreRq(int messageId, String sopClassUid, String sopInstanceUid, int priority,
                                      String moveOriginatorAet, int moveOriginatorMessageId) {
        CommandSet c = new CommandSet()
                .uid(Tag.AffectedSOPClassUID, sopClassUid)
                .us(Tag.CommandField, CommandField.C_STORE_RQ)
                .us(Tag.MessageID, messageId)
                .us(Tag.Priority, priority)
                .us(Tag.CommandDataSetType, DATA_SET_PRESENT)
                .uid(Tag.AffectedSOPInstanceUID, sopInstanceUid);
        if (moveOriginatorAet != null) {
            c.elements.setString(Tag.MoveOriginatorApplicationEntityTitle, VR.AE, moveOriginatorAet);
            c.us(Tag.MoveOriginatorMessageID, moveOriginatorMessageId);
        }
        return c;
    }

    /** The response to request with status; copies the affected SOP class and instance as PS3.7 9.3 asks. */
    public static CommandSet response(CommandSet request, Status status) {
        CommandSet rsp = new CommandSet();
        String cuid = request.affectedSopClassUid();
        if (cuid != null) {
            rsp.uid(Tag.AffectedSOPClassUID, cuid);
        }
        rsp.us(Tag.CommandField, request.commandField() | 0x8000)
                .us(Tag.MessageIDBeingRespondedTo, request.messageId())
                .us(Tag.CommandDataSetType, NO_DATA_SET)
                .us(Tag.Status, status.code());
        String iuid = request.affectedSopInstanceUid();
        if (iuid != null) {
            rsp.uid(Tag.AffectedSOPInstanceUID, iuid);
        }
        if (status.errorComment() != null && !status.isSuccess()) {
            rsp.elements.setString(Tag.ErrorComment, VR.LO, status.errorComment());
        }
        return rsp;
    }

    // ---- accessors

    public int commandField() {
        return elements.getInt(Tag.CommandField, -1);
    }

    public int messageId() {
        return elements.getInt(Tag.MessageID, -1);
    }

    public int messageIdBeingRespondedTo() {
        return elements.getInt(Tag.MessageIDBeingRespondedTo, -1);
    }

    public boolean hasDataSet() {
        return elements.getInt(Tag.CommandDataSetType, NO_DATA_SET) != NO_DATA_SET;
    }

    public Status status() {
        return new Status(elements.getInt(Tag.Status, -1), elements.getString(Tag.ErrorComment));
    }

    public String affectedSopClassUid() {
        return elements.getString(Tag.AffectedSOPClassUID);
    }

    public String affectedSopInstanceUid() {
        return elements.getString(Tag.AffectedSOPInstanceUID);
    }

    public String string(int tag) {
        return elements.getString(tag);
    }

    public int integer(int tag, int defaultValue) {
        return elements.getInt(tag, defaultValue);
    }

    public CommandSet us(int tag, int value) {
        elements.setInt(tag, VR.US, value);
        return this;
    }

    public CommandSet uid(int tag, String uid) {
        elements.setString(tag, VR.UI, uid);
        return this;
    }

    public CommandSet dataSetPresent(boolean present) {
        return us(Tag.CommandDataSetType, present ? DATA_SET_PRESENT : NO_DATA_SET);
    }

    // ---- encoding

    /** Implicit VR little endian with a correct Command Group Length (PS3.7 E.1). */
    public byte[] encode() {
        DataSet body = new DataSet();
        for (Element e : elements.elements()) {
            if (e.tag() != Tag.CommandGroupLength) {
                body.put(e);
            }
        }
        long length = DicomWriter.dataSetLength(body, false);
        body.setInt(Tag.CommandGroupLength, VR.UL, (int) length);
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) length + 12);
        try {
            new DicomWriter(out).writeDataSet(body, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Decodes a command set; anything outside group 0000 is a malformed command. */
    public static CommandSet decode(byte[] bytes, int length, String source) throws IOException {
        DicomInput in = new DicomInput(new ByteArrayInputStream(bytes, 0, length), source, 0, length);
        DataSet ds = new DicomReader(in).readDataSet(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        for (Element e : ds.elements()) {
            if (Tag.group(e.tag()) != 0) {
                throw new IOException("command set from " + source + " holds " + Tag.toString(e.tag())
                        + ", outside group 0000 (PS3.7 6.3)");
            }
        }
        if (!ds.contains(Tag.CommandField)) {
            throw new IOException("command set from " + source + " has no Command Field (0000,0100)");
        }
        return new CommandSet(ds);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(nl.zorgbrug.dicom.net.dimse.CommandField.name(commandField()));
        int id = messageId();
        if (id >= 0) {
            sb.append(" id=").append(id);
        }
        int rsp = messageIdBeingRespondedTo();
        if (rsp >= 0) {
            sb.append(" rsp-to=").append(rsp);
        }
        if (elements.contains(Tag.Status)) {
            sb.append(' ').append(status());
        }
        String iuid = affectedSopInstanceUid();
        if (iuid != null) {
            sb.append(" iuid=").append(iuid);
        }
        return sb.toString();
    }
}
