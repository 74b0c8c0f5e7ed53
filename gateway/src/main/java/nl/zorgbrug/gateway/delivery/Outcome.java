package nl.zorgbrug.gateway.delivery;

import nl.zorgbrug.gateway.job.Failure;
import nl.zorgbrug.gateway.job.Job;

/** How a transport's attempt ended; {@link JobDelivery} moves the job on from it. */
public sealed interface Outcome {

    /** Every instance handed out was answered with success or a warning (answers are recorded already). */
    record Sent() implements Outcome {
    }

    /** The attempt failed; {@link Failure#permanent()} says whether a retry can help. */
    record Failed(Failure failure) implements Outcome {
    }

    /** The route refused an instance at delivery (e.g. the MPI changed): the job waits for a person. */
    record Held(String reason) implements Outcome {
    }

    /**
     * The job went on to wait for something after the transfer, e.g. a storage commitment report
     * (PS3.4 Annex J): it is as given, and whoever waits finishes it.
     */
    record Waiting(Job job) implements Outcome {
    }

    /**
     * The node is draining ({@link Shipment#handingBack}): the transport stopped between two instances, with every
     * answer it had recorded and none on the wire; the job goes back to WAITING for another node (issue 22).
     */
    record HandedBack() implements Outcome {
    }

    static Outcome failedOrSent(Failure failure) {
        return failure == null ? new Sent() : new Failed(failure);
    }
}
