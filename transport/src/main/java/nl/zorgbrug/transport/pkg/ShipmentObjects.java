package nl.zorgbrug.transport.pkg;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.gateway.delivery.Outcome;
import nl.zorgbrug.gateway.delivery.Shipment;

/**
 * A job's objects taken from its shipment, batch by batch, for packing into one study package (the SFTP and the
 * download-link channels): the objects as the node holds them and, where asked, each as the route edited it (the
 * export swap) written into the job's work folder, numbered in order.
 *
 * @param prepared  what the shipment handed out, to answer for once the package went
 * @param originals the spooled files, unedited
 * @param edited    the edited copies, in the same order; empty when no edit was asked
 */
public record ShipmentObjects(List<Shipment.Prepared> prepared, List<Path> originals, List<Path> edited) {

    /** What reading the shipment gave: its objects, or the outcome that ends the delivery now. */
    public sealed interface Read {
        record Objects(ShipmentObjects objects) implements Read {
        }

        /** A batch refused (BSN rules: the job is HELD) or missing (spool file gone: FAILED). */
        record Stopped(Outcome outcome) implements Read {
        }
    }

    /** Takes the whole of {@code shipment} ({@link Shipment#all}); with {@code edit}, writes the edited copies into {@code workDir}. */
    public static Read read(Shipment shipment, Path workDir, boolean edit) throws IOException {
        Shipment.Batch batch = shipment.all();
        if (batch instanceof Shipment.Batch.Refused refused) {
            return new Read.Stopped(new Outcome.Held(refused.reason()));
        }
        if (batch instanceof Shipment.Batch.Missing missing) {
            return new Read.Stopped(new Outcome.Failed(missing.failure()));
        }
        List<Shipment.Prepared> prepared = ((Shipment.Batch.Ready) batch).instances();
        List<Path> originals = new ArrayList<>();
        List<Path> edited = new ArrayList<>();
        for (Shipment.Prepared p : prepared) {
            originals.add(p.file().path());
            if (edit) {
                Path out = workDir.resolve(String.format("%06d.dcm", edited.size() + 1));
                StreamingEditor.edit(p.file().path(), out, head -> p.edits(), false);
                edited.add(out);
            }
        }
        return new Read.Objects(new ShipmentObjects(prepared, originals, edited));
    }
}
