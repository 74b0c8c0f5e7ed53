package nl.zorgbrug.dicom.io;

/**
 * Tolerances and limits of the reader as named options rather than hidden in code.
 *
 * @param maxValueLength the largest value the in-memory model accepts; larger values are an error
 *                       that points to the streaming editor (which never holds values)
 * @param maxDepth       sequence nesting beyond this is taken as a hostile or corrupt file
 */
public record ReaderOptions(long maxValueLength, int maxDepth) {
    public static final ReaderOptions DEFAULT = new ReaderOptions(Integer.MAX_VALUE - 16, 256);
}
