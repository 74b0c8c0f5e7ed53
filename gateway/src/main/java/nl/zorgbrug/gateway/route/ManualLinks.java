package nl.zorgbrug.gateway.route;

import java.util.Optional;

/**
 * The links people made on the quarantine worklist, as an import route sees them: for an object (by its SOP
 * Instance UID) the local patient number a person chose. The spool keeps the object as it arrived; the import
 * swap applies the link as edits on delivery, as it applies its own (docs/architecture.md, "originals in the
 * spool, edits on delivery").
 */
@FunctionalInterface
public interface ManualLinks {
    /** No object is linked (routes without a quarantine, tests). */
    ManualLinks NONE = sopInstanceUid -> Optional.empty();

    Optional<String> localIdOf(String sopInstanceUid);
}
