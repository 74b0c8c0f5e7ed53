package nl.zorgbrug.dicom.edit;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;

/**
 * Run in a child JVM with a small heap by {@link StreamingEditorTest}: rewrites the Patient ID of
 * a large object and prints the peak heap used, to show memory follows the header, not the file.
 */
public final class LargeObjectEdit {
    private LargeObjectEdit() {
    }

    public static void main(String[] args) throws Exception {
        StreamingEditor.edit(Path.of(args[0]), Path.of(args[1]), head -> {
            DataSet scratch = DataSet.itemOf(head);
            scratch.setString(Tag.PatientID, VR.LO, args[2]);
            return List.of(new Edit.Put(scratch.get(Tag.PatientID)));
        });
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("peak-heap-bytes=" + peak);
    }
}
