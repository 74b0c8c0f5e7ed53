package nl.zorgbrug.registry.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

import nl.zorgbrug.dicom.net.service.MoveRetriever;

/**
 * The own PACS asked by C-MOVE (PS3.4 C.4.2, Study Root, IMAGE level) when it has no DICOMweb (issue 20 part 2: "fetch
 * from the own PACS: C-MOVE into the spool, or WADO-RS"): each instance a consumer retrieves by RAD-69 or by
 * WADO-RS is moved to the node's move destination ({@link MoveRetriever}) and handed to
 * {@link ImagingRetrieval} as a file, which applies the export swap and streams it out, as it does with
 * {@link WadoRsPacs}'s.
 *
 * <p>Not through the gateway's spool: an instance there belongs to a route (its swap, its job, its destination),
 * while a retrieval answers one consumer once; the work file is the retrieval's and is deleted when it is answered.
 * The PACS must list the move destination's AE title, host and port (a PACS that does not is reported as such, naming
 * what to register). C-MOVE cannot ask the PACS to transcode: the instance comes as the PACS keeps it (or in a syntax
 * the receiver accepts), so a consumer that accepts none of those gets it reported as not served in its syntax.
 */
public final class MovePacs implements OwnPacs {

    /** Where the own PACS is reached, read on each fetch so a changed address-book entry counts at once. */
    @FunctionalInterface
    public interface Node {
        MoveRetriever.Target target() throws IOException;
    }

    private final Node node;
    private final String entry;
    private final MoveRetriever retriever;

    /** @param entry the address-book key of the own PACS, for messages */
    public MovePacs(Node node, String entry, MoveRetriever retriever) {
        this.node = Objects.requireNonNull(node);
        this.entry = Objects.requireNonNull(entry);
        this.retriever = Objects.requireNonNull(retriever);
    }

    @Override
    public boolean fetch(String study, String series, String sop, String transferSyntax, Path target)
            throws IOException {
        Path moved = retriever.retrieve(node.target(), study, series, sop);
        if (moved == null) {
            return false;
        }
        Files.move(moved, target, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    @Override
    public String describe() {
        return "C-MOVE from address-book entry '" + entry + "' to move destination "
                + retriever.destination().aeTitle();
    }
}
