package nl.zorgbrug.compliance.pacs;

import java.util.Objects;

import nl.zorgbrug.dicom.net.assoc.AssociationOptions;

/**
 * The scan's choice between C-GET and C-MOVE, shared by its associations, and the storage SCP C-MOVE needs. Under
 * {@link RetrieveWith#AUTO} it starts as C-GET and turns to C-MOVE, once and for the rest of the scan, when the PACS
 * does not take C-GET ({@link #useMove}); the storage SCP starts then and stops with the scan ({@link #close}).
 */
final class InstanceRetrieval implements AutoCloseable {
    private final RetrieveWith requested;
    private final MoveDestination destination;
    private final AssociationOptions options;
    private volatile RetrieveWith current;
    private volatile String moveReason;
    private volatile boolean getSucceeded;
    private volatile boolean moveSucceeded;
    private HeaderReceiver receiver;

    InstanceRetrieval(RetrieveWith requested, MoveDestination destination, AssociationOptions options) {
        this.requested = Objects.requireNonNull(requested, "requested");
        this.destination = destination;
        this.options = options;
        this.current = requested;
        if (requested != RetrieveWith.GET && destination == null) {
            throw new IllegalArgumentException("C-MOVE needs a destination (our AE title, the port of our storage SCP)");
        }
    }

    MoveDestination destination() {
        return destination;
    }

    /** GET or MOVE once decided; AUTO while C-GET has not been tried or refused yet (proposed with C-MOVE beside it). */
    RetrieveWith current() {
        return current;
    }

    /** Why the scan moved instead of getting: what the PACS did, or that C-MOVE was asked for. */
    String moveReason() {
        return moveReason;
    }

    /** Starts C-MOVE for the rest of the scan, and its storage SCP if it is not listening yet. */
    synchronized void useMove(String reason) throws PacsRefusedException {
        if (moveReason == null) {
            moveReason = reason;
        }
        current = RetrieveWith.MOVE;
        receiver();
    }

    synchronized HeaderReceiver receiver() throws PacsRefusedException {
        if (receiver == null) {
            receiver = HeaderReceiver.start(destination, options);
        }
        return receiver;
    }

    /** Under AUTO, a C-GET refusal switches to C-MOVE only before any C-GET of the scan worked. */
    boolean mayFallBack() {
        return requested == RetrieveWith.AUTO && !getSucceeded;
    }

    void markGetSucceeded() {
        getSucceeded = true;
    }

    /** Whether a C-MOVE of this scan has brought an instance: a later failure is not about the destination. */
    boolean hasMoveSucceeded() {
        return moveSucceeded;
    }

    void markMoveSucceeded() {
        moveSucceeded = true;
    }

    @Override
    public synchronized void close() {
        if (receiver != null) {
            receiver.close();
            receiver = null;
        }
    }
}
