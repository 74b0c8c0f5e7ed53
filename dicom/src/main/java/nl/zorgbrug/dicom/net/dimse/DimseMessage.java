package nl.zorgbrug.dicom.net.dimse;

import nl.zorgbrug.dicom.net.ul.PDataInputStream;

/**
 * A received DIMSE message: its presentation context, the command, and — when the command says a
 * data set follows — the data set as a stream that must be read (or drained) before the next message.
 */
public record DimseMessage(int contextId, CommandSet command, PDataInputStream dataSet) {
}
