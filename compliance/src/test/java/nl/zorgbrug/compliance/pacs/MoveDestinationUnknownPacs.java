package nl.zorgbrug.compliance.pacs;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.Set;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomInput;
import nl.zorgbrug.dicom.io.DicomReader;
import nl.zorgbrug.dicom.io.DicomWriter;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.AcceptorPolicy;
import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.dimse.CommandField;
import nl.zorgbrug.dicom.net.dimse.CommandSet;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.dimse.DimseMessage;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.QueryRetrieve;

/**
 * A PACS that answers as PS3.4 C.4.2.1.5 says a PACS should when it does not know the move destination: one study
 * whose C-FIND answer lacks the identity keys, its series and instance, and every C-MOVE refused with 0xA801. Orthanc
 * answers 0xC000 there instead, so this status is tested against this small SCP built on our toolkit. It offers C-FIND
 * and C-MOVE, not C-GET, so the scan under AUTO must choose C-MOVE from the negotiation.
 */
final class MoveDestinationUnknownPacs implements AutoCloseable {
    static final String STUDY = "1.2.826.0.1.3680043.10.1234.18.1";
    private final Acceptor acceptor;
    volatile int moves;

    MoveDestinationUnknownPacs() throws IOException {
        AcceptorPolicy policy = AcceptorPolicy.of(Map.of("A801PACS", Set.of()), Map.of(
                QueryRetrieve.STUDY_ROOT_FIND, QueryRetrieve.TRANSFER_SYNTAXES,
                QueryRetrieve.STUDY_ROOT_MOVE, QueryRetrieve.TRANSFER_SYNTAXES));
        acceptor = new Acceptor(policy, this::serve, AssociationOptions.DEFAULT, 4)
                .start(InetAddress.getLoopbackAddress(), 0);
    }

    int port() {
        return acceptor.port();
    }

    private void serve(Association as) throws IOException {
        Dimse dimse = new Dimse(as);
        for (DimseMessage msg; (msg = dimse.read()) != null; ) {
            CommandSet cmd = msg.command();
            TransferSyntax ts = TransferSyntax.of(as.context(msg.contextId()).transferSyntax());
            if (cmd.commandField() == CommandField.C_FIND_RQ) {
                DataSet keys = new DicomReader(new DicomInput(msg.dataSet(), "find", 0, -1)).readDataSet(ts);
                DataSet match = new DataSet();
                match.setString(Tag.QueryRetrieveLevel, VR.CS, keys.getString(Tag.QueryRetrieveLevel));
                match.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
                match.setString(Tag.StudyDate, VR.DA, "20240105");
                match.setString(Tag.SeriesInstanceUID, VR.UI, STUDY + ".1");
                match.setString(Tag.SOPInstanceUID, VR.UI, STUDY + ".1.1");
                match.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7");
                dimse.write(msg.contextId(), CommandSet.response(cmd, Status.PENDING),
                        out -> new DicomWriter(out).writeDataSet(match, ts));
                dimse.write(msg.contextId(), CommandSet.response(cmd, Status.SUCCESS), null);
            } else if (cmd.commandField() == CommandField.C_MOVE_RQ) {
                msg.dataSet().drain();
                moves++;
                dimse.write(msg.contextId(), CommandSet.response(cmd, new Status(0xA801, null)), null);
            } else if (cmd.commandField() != CommandField.C_CANCEL_RQ) {
                dimse.write(msg.contextId(), CommandSet.response(cmd, Status.UNRECOGNIZED_OPERATION), null);
            }
        }
    }

    @Override
    public void close() {
        acceptor.close();
    }

}
