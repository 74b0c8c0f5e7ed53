package nl.zorgbrug.audit.trail;

/** Signs checkpoints with the node's key ({@link NodeKey}; an HSM later). */
@FunctionalInterface
public interface CheckpointSigner {
    SignedCheckpoint sign(Checkpoint checkpoint);
}
