package nl.zorgbrug.dicom.io;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A source that can hand a given number of its bytes straight to an output from the buffers it
 * already holds (a received PDU, say), so {@link DicomInput#copy} need not copy them into a chunk of
 * its own first. Pixel data passes through a gateway this way with one copy fewer per object.
 */
public interface BoundedTransfer {
    /**
     * Writes up to n bytes to out; fewer only when the source ends first.
     *
     * @return the number of bytes written
     */
    long transferTo(OutputStream out, long n) throws IOException;
}
