package nl.zorgbrug.compliance.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * The files of a folder scan, always in the same order, so a resumed scan can skip what its journal holds: a folder
 * tree walked in name order ({@link TreeWalk}) or the files a DICOMDIR names in its record order ({@link Dicomdir}).
 */
public interface FileSource extends Iterable<SourceFile> {
    /** What is scanned, as the journal records it: a resumed scan must scan the same. */
    String id();

    /** How many files there are; may take a walk of its own (run beside the scan, for the time left). */
    long count() throws IOException;

    @Override
    Iterator<SourceFile> iterator();

    /** A DICOMDIR file is read as such; a folder is walked. */
    static FileSource of(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return Dicomdir.read(path);
        }
        if (Files.isDirectory(path)) {
            return new TreeWalk(path);
        }
        throw new IOException(path + ": no such folder or DICOMDIR file; name the folder to scan or its DICOMDIR");
    }
}
