package nl.zorgbrug.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code zorgbrug dicom example FILE}: writes a small synthetic CT image of a test patient, so a
 * fresh machine has something to look at. It is the object of the worked example in docs/bsn-in-dicom.md
 * ("before export"): the fictitious Zoë Müller with local number L100 of the example issuer, whom the MPI row
 * there gives the test BSN 999911120 (it passes the 11-proof and lies in the 9999xxxxx test range), so
 * {@code bsn export} with that row turns this file into the "after export" shown there.
 */
@Command(name = "example", mixinStandardHelpOptions = true,
        description = "Write a small synthetic CT image of a fictitious test patient to FILE.")
public final class ExampleCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "Where to write the PS3.10 file.")
    Path file;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        // PS3.5 B.2: a UUID as one decimal number under the 2.25 root is a valid, unique UID.
        UUID uuid = UUID.randomUUID();
        String sopInstance = "2.25." + new java.math.BigInteger(1, java.nio.ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array());
        String ctImageStorage = "1.2.840.10008.5.1.4.1.1.2";
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        ds.setString(Tag.SOPClassUID, VR.UI, ctImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sopInstance);
        ds.setString(Tag.StudyDate, VR.DA, "20261125");
        ds.setString(Tag.Modality, VR.CS, "CT");
        // The patient of the worked example in docs/bsn-in-dicom.md, as the hospital's PACS holds it.
        ds.setString(Tag.PatientName, VR.PN, "Müller^Zoë");
        ds.setString(Tag.PatientID, VR.LO, "L100");
        ds.setString(Tag.IssuerOfPatientID, VR.LO, "2.16.528.1.1007.99.1");
        ds.setString(Tag.PatientBirthDate, VR.DA, "19800101");
        ds.setString(Tag.PatientSex, VR.CS, "F");
        ds.setString(Tag.StudyInstanceUID, VR.UI, sopInstance + ".1");
        ds.setString(Tag.SeriesInstanceUID, VR.UI, sopInstance + ".2");
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setInt(Tag.Rows, VR.US, 16);
        ds.setInt(Tag.Columns, VR.US, 16);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 12);
        ds.setInt(Tag.HighBit, VR.US, 11);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        byte[] pixels = new byte[16 * 16 * 2];
        for (int i = 0; i < pixels.length; i += 2) {
            pixels[i] = (byte) (i / 2);
        }
        ds.setBytes(Tag.PixelData, VR.OW, pixels);
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        DataSet meta = FileMetaInformation.create(ctImageStorage, sopInstance, ts, "ZORGBRUG");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Part10Writer.write(new DicomFile(null, meta, ds, ts, true), file);
        spec.commandLine().getOut().println("wrote " + file);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
