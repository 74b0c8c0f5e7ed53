package nl.zorgbrug.compliance.scan;

import java.nio.file.Path;

/**
 * One file a scan is to read: where it is, how results name it (relative to the scanned folder, with '/'), and, when
 * it cannot even be reached (a folder that cannot be listed, a DICOMDIR entry that points outside its media), why.
 */
public record SourceFile(Path file, String name, String problem) {
    public static SourceFile of(Path file, String name) {
        return new SourceFile(file, name, null);
    }

    public static SourceFile unreachable(String name, String problem) {
        return new SourceFile(null, name, problem);
    }
}
