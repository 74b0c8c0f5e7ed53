package nl.zorgbrug.gateway.spool;

import java.nio.file.Path;

/** An object safely on disk in the spool; {@code duplicate} when it had already been spooled before. */
public record SpooledObject(String studyInstanceUid, String sopInstanceUid, Path path, long size, boolean duplicate) {
}
